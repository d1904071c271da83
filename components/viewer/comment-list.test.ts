import { describe, expect, it } from 'vitest';
import type { CommentView } from '@/server/realtime/events';
import { KEEP_COMMENTS, mergeComments } from './comment-list';

const c = (id: number | string): CommentView => ({ id: String(id), userName: 'u', text: `t${id}`, at: 0 });

describe('mergeComments', () => {
  it('adds each line once in id order (9 before 10), drops removed ones, keeps the newest', () => {
    expect(mergeComments([c(9), c(10)], [c(10), c(11), c(8)], ['9']).map((x) => x.id)).toEqual(['8', '10', '11']);
    const many = Array.from({ length: KEEP_COMMENTS + 5 }, (_, i) => c(i + 1));
    const kept = mergeComments([], many, []);
    expect(kept).toHaveLength(KEEP_COMMENTS);
    expect(kept.at(-1)!.id).toBe(String(KEEP_COMMENTS + 5));
  });

  it('takes a fetched tail over what pushes brought, without doubles', () => {
    expect(mergeComments([c(1), c(2)], [c(2), c(3)], []).map((x) => x.id)).toEqual(['1', '2', '3']);
  });
});
