// The room's stream: the pull URL a host pastes from a media server or a cloud live service.
// The same rules run in the console's form and on the server; the form shows its own words
// for each rule (components/console/stream-panel.tsx).
import { z } from 'zod';
import { dbId } from '@/server/validation';

export const STREAM_URL_MAX = 500;

export const STREAM_URL_RULES = {
  tooLong: `Use at most ${STREAM_URL_MAX} characters`,
  notUrl: 'Paste the full pull address, starting with https:// or http://',
  format: 'Use an HLS (.m3u8) or FLV (.flv) pull address',
  credentials: 'Leave the user name and password out of the address',
} as const;

export type StreamKind = 'hls' | 'flv';

/** What a pull URL carries, by the path's ending (query strings of signed URLs allowed). */
export function streamKindOf(url: string): StreamKind | null {
  const path = url.split(/[?#]/)[0]!.toLowerCase();
  return path.endsWith('.m3u8') ? 'hls' : path.endsWith('.flv') ? 'flv' : null;
}

// An absolute http(s) URL, or a path on this site (the demo's own stream under /demo-stream/).
function checkUrl(value: string, ctx: z.RefinementCtx) {
  if (value === '') return;
  if (value.length > STREAM_URL_MAX) return void ctx.addIssue({ code: 'custom', message: STREAM_URL_RULES.tooLong });
  let url: URL;
  try {
    // Control characters and spaces are not part of any pull address.
    if (/[\s\u0000-\u001f\u007f]/.test(value)) throw new Error('spaces');
    url = new URL(value, 'http://this-site.invalid');
  } catch {
    return void ctx.addIssue({ code: 'custom', message: STREAM_URL_RULES.notUrl });
  }
  const ownPath = value.startsWith('/') && !value.startsWith('//');
  if (!ownPath && (!/^https?:\/\//i.test(value) || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)) {
    return void ctx.addIssue({ code: 'custom', message: STREAM_URL_RULES.notUrl });
  }
  if (url.username || url.password) return void ctx.addIssue({ code: 'custom', message: STREAM_URL_RULES.credentials });
  if (!streamKindOf(url.pathname)) ctx.addIssue({ code: 'custom', message: STREAM_URL_RULES.format });
}

/** A pull URL, or '' for no stream yet. */
export const streamUrl = z.string().trim().superRefine(checkUrl);

export const setStreamInput = z.object({ liveId: dbId, streamUrl });
export type SetStreamInput = z.infer<typeof setStreamInput>;
