// The app's request handler (tRPC; no Next) on an ephemeral port, for HTTP-level tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from '@/server/container';
import { createRequestHandler } from '@/server/http';

export async function startTestServer(container: Container, options: { fastLane?: boolean } = {}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(
    createRequestHandler(container, (_req, res) => {
      res.statusCode = 404;
      res.end();
    }, options),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Calls a tRPC procedure over HTTP as the browser does (superjson envelope). */
export async function trpcHttp(url: string, path: string, opts: { input?: unknown; cookie?: string; mutation?: boolean; headers?: Record<string, string> } = {}) {
  const body = JSON.stringify({ json: opts.input ?? null });
  const headers = { cookie: opts.cookie ?? '', ...opts.headers };
  const response = opts.mutation
    ? await fetch(`${url}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    : await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers });
  const json = (await response.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string } } } };
  const session = response.headers.getSetCookie().find((c) => c.startsWith('livecart_session='));
  const lang = response.headers.getSetCookie().find((c) => c.startsWith('lang='));
  return { status: response.status, setCookie: session ?? null, langCookie: lang ?? null, data: json.result?.data.json, error: json.error?.json };
}
