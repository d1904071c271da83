import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { contextOfTraceId, inSpan, startTracing, traceIdOf, tracingOn } from './tracing';

describe('traces', () => {
  const bodies: string[] = [];
  const collector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  it('reads the trace id of a W3C traceparent, and nothing else', () => {
    expect(traceIdOf({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' })).toBeUndefined();
    expect(traceIdOf({ traceparent: 'garbage' })).toBeUndefined();
    expect(traceIdOf({})).toBeUndefined();
  });

  it('exports spans over OTLP when an endpoint is set, in the buyer’s trace', async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const stop = startTracing('livecart-test', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } as unknown as NodeJS.ProcessEnv);
    expect(tracingOn()).toBe(true);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await inSpan('order.create', { 'livecart.test': true }, () => inSpan('order.gate', {}, async () => 'reserved'), contextOfTraceId(traceId));
    await stop();
    const sent = bodies.join('\n');
    expect(sent).toContain('order.create');
    expect(sent).toContain('order.gate');
    expect(sent).toContain('livecart-test');
    // JSON OTLP carries ids as hex strings.
    expect(sent).toContain(traceId);
  });
});
