// Request body limits. An oversized body is answered 413 with reason TOO_LARGE, and what is
// left of it is read and dropped rather than the connection torn down, so the client reads
// the answer instead of a reset (the server's requestTimeout still bounds a sender that never
// stops).
import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import { AppError } from '@/server/errors';
import { MAX_UPLOAD_BYTES } from '@/server/modules/catalog/uploads';

export const TOO_LARGE = 'TOO_LARGE';

const KiB = 1024;
/**
 * Any tRPC request, single call or batch. The largest legitimate one, goods with 200 SKUs in
 * three spec dimensions of Chinese names, is about 150 KiB.
 */
export const TRPC_BODY_LIMIT = 512 * KiB;
/** Procedures with a tighter limit, per call (a batch of them gets the sum, up to TRPC_BODY_LIMIT). */
const PROCEDURE_BODY_LIMITS: Readonly<Record<string, number>> = {
  'orders.create': 64 * KiB,
  // A funnel event is a few ids and a 64-character code: about 200 bytes.
  'tracking.track': 2 * KiB,
};
/** A multipart upload: the image (MAX_UPLOAD_BYTES) and the form's own bytes. */
export const UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * KiB;

/** The body limit of a tRPC request by its path after the prefix, e.g. "tracking.track" or "a.b,c.d". */
export function trpcBodyLimit(paths: string): number {
  let sum = 0;
  for (const path of paths.split(',')) {
    sum += PROCEDURE_BODY_LIMITS[path] ?? TRPC_BODY_LIMIT;
    if (sum >= TRPC_BODY_LIMIT) return TRPC_BODY_LIMIT;
  }
  return sum;
}

function sizeOf(bytes: number): string {
  return bytes >= 1024 * KiB ? `${+(bytes / (1024 * KiB)).toFixed(1)} MiB` : `${Math.floor(bytes / KiB)} KiB`;
}

export function tooLargeMessage(limit: number): string {
  return `Request body too large: at most ${sizeOf(limit)}`;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(tooLargeMessage(limit));
    this.name = 'BodyTooLargeError';
  }
}

/** tRPC's answer (413): the reason rides on an AppError cause, as every reason does; the status comes from the tRPC code. */
export function tooLargeTrpcError(limit: number): TRPCError {
  const message = tooLargeMessage(limit);
  return new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message, cause: new AppError('BAD_REQUEST', message, TOO_LARGE) });
}

/** A REST edge's answer (413), in the shape of restErrorBody. */
export function tooLargeRestBody(limit: number) {
  return { error: { code: 'PAYLOAD_TOO_LARGE', message: tooLargeMessage(limit), reason: TOO_LARGE } };
}

/** Reads the rest of a body without keeping it. */
function drain(req: IncomingMessage) {
  req.on('data', () => {});
  req.on('error', () => {});
  req.resume();
}

/**
 * The whole body, or BodyTooLargeError as soon as it is over `limit` (declared or streamed,
 * chunked included); the rest is then drained in the background.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      drain(req);
      return reject(new BodyTooLargeError(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
      drain(req);
      reject(new BodyTooLargeError(limit));
    };
    const onEnd = () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** A tRPC request's body as text, or tooLargeTrpcError over the limit of its procedures. */
export async function readTrpcBody(req: IncomingMessage, paths: string): Promise<string> {
  const limit = trpcBodyLimit(paths);
  try {
    return (await readBody(req, limit)).toString('utf8');
  } catch (error) {
    throw error instanceof BodyTooLargeError ? tooLargeTrpcError(limit) : error;
  }
}

/**
 * The same for a Fetch API request (Next's route handlers). A declared length over the limit is
 * refused unread; a streamed one is read to its end, keeping nothing past the limit, because
 * cancelling the stream would reset the connection.
 */
export async function readRequestBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) throw new BodyTooLargeError(limit);
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
