// The request router of the one http.Server: tRPC under /api/trpc, everything else to Next.
// Every answer, Next's included, carries the security headers (server/edges/headers.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Container } from './container';
import { metricsAccess } from './edges/access';
import { readTrpcBody } from './edges/body';
import { newNonce, securityHeaders } from './edges/headers';
import { parseAppOrigins } from './edges/origin';
import { isHttps, requestOrigin } from './edges/request';
import { AppError, asAppError, restErrorBody, retryAfterHeader } from './errors';
import { readUpload } from './modules/catalog/uploads';
import { goodsListBody } from './modules/live/live.rest';
import { inRequestSpan } from './tracing';
import { createHttpContext, requestIdOfCall } from './trpc/context';
import { createFastLane } from './trpc/fast-lane';
import { FAST_PROCEDURES } from './trpc/unbatched';
import { appRouter } from './trpc/root';

export const TRPC_PREFIX = '/api/trpc';
const GOODS_LIST_PATH = '/api/live/goods-list';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function createRequestHandler(container: Container, fallback: Handler, options: { fastLane?: boolean } = {}): Handler {
  // A bad APP_ORIGINS stops the start here rather than refusing every mutation later.
  parseAppOrigins(container.env.APP_ORIGINS);
  const dev = container.env.NODE_ENV === 'development';
  const apiHeaders = { http: Object.entries(securityHeaders({ kind: 'api', https: false })), https: Object.entries(securityHeaders({ kind: 'api', https: true })) };
  // Errors of a procedure were logged (and mapped) by its middleware and carry an AppError; the
  // rest (context creation, the adapter) are logged here.
  const onError = ({ error, path, ctx }: { error: TRPCError; path?: string; ctx?: { requestId?: string } }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof AppError)) container.log.error({ err: error.cause ?? error, path, requestId: requestIdOfCall(ctx, error) }, 'tRPC error');
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PREFIX}/`,
    createContext: ({ req, res }) => createHttpContext(container, req, res),
    onError,
    // 429 and 503 say when to try again (a batch: the longest wait of its calls).
    responseMeta: ({ errors }) => (errors.length ? { headers: retryAfterHeader(longestRetryAfter(errors)) } : {}),
    // The body, read here within its limit (413 TOO_LARGE past it), is what tRPC parses.
    middleware: (req, _res, next) => {
      if (req.method !== 'POST') return next();
      const paths = (req.url ?? '').split('?')[0]!.slice(TRPC_PREFIX.length + 1);
      readTrpcBody(req, paths).then((body) => {
        // The node adapter takes a body already read from req.body (as after Express' parsers).
        (req as IncomingMessage & { body?: string }).body = body;
        next();
      }, next);
    },
  });
  // Off only in the test that holds both lanes' answers side by side.
  const fastLane = options.fastLane === false ? () => false : createFastLane({
    router: appRouter,
    basePath: `${TRPC_PREFIX}/`,
    procedures: FAST_PROCEDURES,
    createContext: (req, res) => createHttpContext(container, req, res),
    onError,
  });
  const api = (res: ServerResponse, https: boolean) => {
    for (const [name, value] of https ? apiHeaders.https : apiHeaders.http) res.setHeader(name, value);
  };

  return (req, res) => {
    const encrypted = req.socket instanceof TLSSocket;
    const https = isHttps(req.headers, encrypted);
    if (req.url?.startsWith(`${TRPC_PREFIX}/`)) {
      api(res, https);
      return inRequestSpan(req, res, `${req.method} ${(req.url ?? '').split('?')[0]}`, () => void (fastLane(req, res) || trpc(req, res)));
    }
    if (req.url?.startsWith('/uploads/') && req.method === 'GET') {
      api(res, https);
      return void serveUpload(container, req.url.slice('/uploads/'.length), res).catch((error: unknown) => replyError(container, res, error, 'upload'));
    }
    if (req.url === '/api/metrics' && req.method === 'GET') {
      api(res, https);
      return void serveMetrics(container, req, res).catch((error: unknown) => replyError(container, res, error, 'metrics'));
    }
    // The seed's cart endpoint is hot: served here, outside Next's request pipeline.
    if (req.url?.startsWith(GOODS_LIST_PATH) && (req.url.length === GOODS_LIST_PATH.length || req.url[GOODS_LIST_PATH.length] === '?') && req.method === 'GET') {
      api(res, https);
      return void serveGoodsList(container, req.url, res).catch((error: unknown) => replyError(container, res, error, 'goods-list'));
    }
    // Next: a fresh script nonce per request. Next reads it from the request's CSP header (set
    // here, whatever the client sent) and puts it on its inline scripts.
    const headers = securityHeaders({ kind: 'page', https, nonce: newNonce(), origin: requestOrigin(req.headers, encrypted), dev });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    req.headers['content-security-policy'] = headers['content-security-policy'];
    delete req.headers['content-security-policy-report-only'];
    fallback(req, res);
  };
}

// Uploaded goods images live outside public/ (Next serves only what existed at build time).
async function serveUpload(container: Container, name: string, res: ServerResponse) {
  const file = await readUpload(container.env, name.split('?')[0]!);
  if (!file) {
    res.statusCode = 404;
    return void res.end('Not found');
  }
  res.writeHead(200, { 'content-type': file.type, 'cache-control': 'public, max-age=31536000, immutable' });
  res.end(file.body);
}

async function serveGoodsList(container: Container, url: string, res: ServerResponse) {
  const { status, body } = await goodsListBody(container, new URL(url, 'http://localhost').searchParams);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/** The REST edges' error reply: 503 + Retry-After for a part that is down, never a raw error's text. */
function replyError(container: Container, res: ServerResponse, error: unknown, edge: string) {
  const app = asAppError(error);
  if (!(error instanceof AppError)) {
    if (app.code === 'SERVICE_UNAVAILABLE') container.log.warn({ err: error, edge }, `${edge} failed: a service is unavailable`);
    else container.log.error({ err: error, edge }, `${edge} failed`);
  }
  if (res.headersSent) return void res.destroy();
  res.writeHead(app.httpStatus, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...retryAfterHeader(app) });
  res.end(JSON.stringify(restErrorBody(app)));
}

function longestRetryAfter(errors: readonly TRPCError[]): AppError | undefined {
  let longest: AppError | undefined;
  for (const { cause } of errors) {
    if (cause instanceof AppError && (cause.retryAfterSeconds ?? 0) > (longest?.retryAfterSeconds ?? 0)) longest = cause;
  }
  return longest;
}

async function serveMetrics(container: Container, req: IncomingMessage, res: ServerResponse) {
  const access = metricsAccess(container.env.METRICS_TOKEN, req.headers, req.socket.remoteAddress);
  if (!access.ok) {
    res.writeHead(access.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...access.headers });
    return void res.end(JSON.stringify({ error: { code: access.code, message: access.message, reason: access.reason } }));
  }
  const { registry } = container.metrics;
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(body);
}
