import type { CommentView } from '@/server/realtime/events';

/** How many lines a page keeps (the server sends the last 50 on joining). */
export const KEEP_COMMENTS = 100;

// Row ids are bigints as decimal strings: shorter is older, same length compares as text.
export const byCommentId = (a: CommentView, b: CommentView) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The page's lines after a push: removals out, additions in once each, oldest first, the newest kept. */
export function mergeComments(lines: CommentView[], added: CommentView[], removed: string[]): CommentView[] {
  const gone = new Set(removed);
  const seen = new Set<string>();
  const merged = [...lines, ...added].filter((c) => !gone.has(c.id) && !seen.has(c.id) && seen.add(c.id));
  return merged.sort(byCommentId).slice(-KEEP_COMMENTS);
}
