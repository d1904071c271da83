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
  const view: CommentView = { id: row.id.toString(), kind: row.kind, userName: row.userName, text: row.text, masked: row.masked, at: row.createdAt.toISOString() };
  const arrivals = row.kind === 'SYSTEM' ? ARRIVALS.exec(row.text) : null;
  if (arrivals) view.system = { type: 'arrivals', count: Number(arrivals[1]) };
  return view;
}
