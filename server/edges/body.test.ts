import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBody, readRequestBody, TRPC_BODY_LIMIT, trpcBodyLimit } from './body';

describe('trpcBodyLimit', () => {
  it('gives tight procedures their own limit, per call in a batch, and everything else the general one', () => {
    expect(trpcBodyLimit('tracking.track')).toBe(2048);
    expect(trpcBodyLimit('tracking.track,tracking.track')).toBe(4096);
    expect(trpcBodyLimit('orders.create')).toBe(64 * 1024);
    expect(trpcBodyLimit('catalog.create')).toBe(TRPC_BODY_LIMIT);
    expect(trpcBodyLimit('tracking.track,catalog.create')).toBe(TRPC_BODY_LIMIT);
  });
});

describe('readBody', () => {
  const LIMIT = 1024;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      readBody(req, LIMIT).then(
        (body) => res.end(`ok ${body.length}`),
        (error: unknown) => {
          res.statusCode = error instanceof BodyTooLargeError ? 413 : 500;
          res.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));

  /** Sends `chunks` chunked (no Content-Length) or with a length, on one kept-alive socket. */
  const send = (chunks: Buffer[], opts: { declared?: boolean; agent?: Agent } = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const total = chunks.reduce((n, c) => n + c.length, 0);
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: opts.agent, headers: opts.declared ? { 'content-length': total } : { 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      void (async () => {
        for (const chunk of chunks) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        req.end();
      })();
    });

  it('returns a body within the limit, chunked or declared', async () => {
    expect(await send([Buffer.alloc(500), Buffer.alloc(524)])).toEqual({ status: 200, text: 'ok 1024' });
    expect(await send([Buffer.alloc(1024)], { declared: true })).toEqual({ status: 200, text: 'ok 1024' });
  });

  it('answers a body over the limit instead of resetting the connection, which stays usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Array.from({ length: 200 }, () => Buffer.alloc(16 * 1024, 1)); // 3.2 MB, chunked
      expect(await send(big, { agent })).toMatchObject({ status: 413, text: expect.stringContaining('at most 1 KiB') });
      expect(await send([Buffer.alloc(5 * 1024 * 1024)], { declared: true, agent })).toMatchObject({ status: 413 });
      expect(await send([Buffer.alloc(10)], { agent })).toEqual({ status: 200, text: 'ok 10' });
    } finally {
      agent.destroy();
    }
  });
});

describe('readRequestBody', () => {
  const streamOf = (...chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(7));
        controller.close();
      },
    });
  const post = (body: ReadableStream<Uint8Array> | Uint8Array, headers: Record<string, string> = {}) =>
    new Request('http://x/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

  it('returns the bytes within the limit', async () => {
    expect(await readRequestBody(post(streamOf(3, 4)), 10)).toEqual(new Uint8Array(7).fill(7));
  });

  it('refuses a declared length over the limit unread, and a streamed one after reading it through', async () => {
    await expect(readRequestBody(post(new Uint8Array(20), { 'content-length': '20' }), 10)).rejects.toBeInstanceOf(BodyTooLargeError);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ < 5) controller.enqueue(new Uint8Array(8));
        else controller.close();
      },
    });
    await expect(readRequestBody(post(stream), 10)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBe(6);
  });
});
