// The room's stream: the pull URL a host pastes from a media server or a cloud live service.
// The rules are in stream-url.ts, which the console's form runs too (in the host's words).
import { z } from 'zod';
import { dbId } from '@/server/validation';
import { STREAM_URL_MAX, STREAM_URL_RULES, streamUrlProblem } from './stream-url';

export { STREAM_URL_MAX, STREAM_URL_RULES, streamKindOf, type StreamKind } from './stream-url';

/** A pull URL, or '' for no stream yet. */
export const streamUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = streamUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: problem === STREAM_URL_RULES.tooLong ? { maximum: STREAM_URL_MAX } : undefined });
  });

export const setStreamInput = z.object({ liveId: dbId, streamUrl });
export type SetStreamInput = z.infer<typeof setStreamInput>;
