import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { createShutdown } from './shutdown';

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new connections, then closes the rest', async () => {
    const order: string[] = [];
    const server = createServer((_req, res) => {
      setTimeout(() => {
        order.push('request finished');
        res.end('done');
      }, 300);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const shutdown = createShutdown({
      server,
      log: createLogger('silent'),
      closers: [async () => void order.push('database closed')],
    });

    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    const stopped = shutdown('SIGTERM');
    await expect(fetch(url)).rejects.toThrow();
    expect(await inFlight).toBe('done');
    expect(await stopped).toBe(true);
    expect(order).toEqual(['request finished', 'database closed']);
  });

  it('gives up on a request that hangs past the timeout', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const hanging = fetch(url).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    const shutdown = createShutdown({ server, log: createLogger('silent'), closers: [], timeoutMs: 200 });
    expect(await shutdown('SIGTERM')).toBe(false);
    expect(await hanging).toBe('aborted');
  });
});
