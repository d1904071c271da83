// A comment row as clients see it (server/realtime/events.ts CommentView).
import type { CommentView } from '@/server/realtime/events';

export const commentSelect = { id: true, kind: true, userName: true, text: true, masked: true, createdAt: true } as const;

export interface CommentRow {
  id: bigint;
  kind: 'USER' | 'SYSTEM';
  userName: string;
  text: string;
  masked: boolean;
  createdAt: Date;
}

// System lines are stored as a code ("arrivals:12"), worded by each client in its language.
const ARRIVALS = /^arrivals:(\d+)$/;
export const arrivalsText = (count: number) => `arrivals:${count}`;

export function toCommentView(row: CommentRow): CommentView {
  const view: CommentView = { id: row.id.toString(), userName: row.userName, text: row.text, at: row.createdAt.getTime() };
  if (row.masked) view.masked = true;
  if (row.kind === 'SYSTEM') {
    view.kind = 'SYSTEM';
    const arrivals = ARRIVALS.exec(row.text);
    if (arrivals) view.system = { type: 'arrivals', count: Number(arrivals[1]) };
  }
  return view;
}
