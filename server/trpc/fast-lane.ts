// The fast lane: the storm's procedure (orders.create) over tRPC's own HTTP wire format, without
// the standalone adapter's round trip through the Fetch API (Request, Headers, AbortSignal, web
// streams, Response) that costs more than the order itself. The procedure is the same object
// the adapter would call — same middlewares, input parser, error formatter — and the reply is
// built with tRPC's own shape and serialisation functions, so a client cannot tell the lanes
// apart (server/trpc/fast-lane.integration.test.ts compares them byte for byte).
//
// Only the plain form is taken: POST of one procedure, JSON body, no batch, no streaming
// accept header. Anything else returns false and goes to the standard handler. The body limit
// (413) and the Origin check (403, in createContext) are the standard handler's too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError, type AnyRouter } from '@trpc/server';
import { getErrorShape, getHTTPStatusCodeFromError, getTRPCErrorFromUnknown, transformTRPCResponse } from '@trpc/server/unstable-core-do-not-import';
import { readTrpcBody } from '@/server/edges/body';
import { AppError, retryAfterHeader } from '@/server/errors';
import type { Context } from './context';

interface FastLaneOptions<TRouter extends AnyRouter> {
  router: TRouter;
  /** e.g. "/api/trpc/" */
  basePath: string;
  /** Dotted procedure paths to serve here; mutations only. */
  procedures: readonly string[];
  createContext: (req: IncomingMessage, res: ServerResponse) => Promise<Context>;
  onError: (opts: { error: TRPCError; path: string }) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean;

interface CallableProcedure {
  _def: { type: 'query' | 'mutation' | 'subscription' };
  (opts: { path: string; getRawInput: () => Promise<unknown>; ctx: unknown; type: string; signal: AbortSignal | undefined; batchIndex: number }): Promise<unknown>;
}

export function createFastLane<TRouter extends AnyRouter>(opts: FastLaneOptions<TRouter>): Handler {
  const config = opts.router._def._config;
  // Serialized error replies of shared refusals, per procedure path (see serve()).
  const bodies = new WeakMap<TRPCError, Map<string, string>>();
  const procedures = new Map<string, CallableProcedure>();
  for (const path of opts.procedures) {
    const procedure = (opts.router._def.procedures as Record<string, CallableProcedure | undefined>)[path];
    if (!procedure || procedure._def.type !== 'mutation') throw new Error(`fast lane: "${path}" is not a mutation of the router`);
    procedures.set(`${opts.basePath}${path}`, procedure);
  }

  return (req, res) => {
    if (req.method !== 'POST' || !req.url) return false;
    const procedure = procedures.get(req.url); // an exact match: no query string, so no ?batch=1
    if (!procedure) return false;
    if (!isJson(req.headers['content-type']) || req.headers['trpc-accept'] !== undefined) return false;
    const path = req.url.slice(opts.basePath.length);
    void serve(req, res, procedure, path);
    return true;
  };

  async function serve(req: IncomingMessage, res: ServerResponse, procedure: CallableProcedure, path: string) {
    let ctx: Context | undefined;
    let input: unknown;
    try {
      const text = await readTrpcBody(req, path);
      ctx = await opts.createContext(req, res);
      const data = await procedure({
        path,
        // As the standard adapter: parsed lazily, inside the procedure, so a bad body fails there.
        getRawInput: async () => (input = parseInput(text)),
        ctx,
        type: 'mutation',
        signal: undefined,
        batchIndex: 0,
      });
      reply(res, 200, transformTRPCResponse(config, { result: { data } }));
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError({ error, path });
      // As the standard adapter's responseMeta (server/http.ts): 429 and 503 say when to try again.
      const headers = retryAfterHeader(error.cause instanceof AppError ? error.cause : undefined);
      const status = getHTTPStatusCodeFromError(error);
      let body = bodies.get(error)?.get(path);
      if (body === undefined) {
        const shape = getErrorShape({ config, ctx, error, input, path, type: 'mutation' });
        body = JSON.stringify(transformTRPCResponse(config, { error: shape }));
        // A shared refusal (server/trpc/init.ts) has the same body every time: made once per
        // procedure. Only bodies without a stack or request id (production, below 500) are kept.
        if (status < 500 && shape.data.stack === undefined) bodies.set(error, (bodies.get(error) ?? new Map<string, string>()).set(path, body));
      }
      replyText(res, status, body, headers);
    }
  }

  // As the standard adapter: a body that does not parse is the caller's fault (400), in its words.
  function parseInput(text: string): unknown {
    try {
      return config.transformer.input.deserialize(JSON.parse(text));
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
    }
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  replyText(res, status, JSON.stringify(body), headers);
}

function replyText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.end();
  res.statusCode = status;
  res.setHeader('vary', 'trpc-accept, accept');
  res.setHeader('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(text);
}

function isJson(contentType: string | undefined) {
  return contentType !== undefined && contentType.toLowerCase().startsWith('application/json');
}
