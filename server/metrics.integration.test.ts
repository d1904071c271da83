// GET /api/metrics: what an operator's Prometheus scrapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from './container';
import { orderInput, setupFlashSale } from './testing/flash';
import { BACKENDS, callerFor, createSeededContainer, createViewers } from './testing/harness';
import { startTestServer } from './testing/http';

describe.each(BACKENDS)('metrics on %s', (backend) => {
  let container: Container;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    container = await createSeededContainer(backend);
    server = await startTestServer(container);
  });
  afterAll(async () => {
    await server?.close();
    await container?.close();
  });

  it('counts order outcomes, times the stock gate and shows the event backlog', async () => {
    const setup = await setupFlashSale(container, { stock: 1, limit: 1 });
    const [first, second] = await createViewers(container, 2, 'metrics');
    await callerFor(container, first).orders.create(orderInput(setup));
    await expect(callerFor(container, second).orders.create(orderInput(setup))).rejects.toMatchObject({ message: 'Sold out' });

    const response = await fetch(`${server.url}/api/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^livecart_order_attempts_total\{result="accepted"\} 1$/m);
    expect(text).toMatch(/^livecart_order_attempts_total\{result="SOLD_OUT"\} 1$/m);
    expect(text).toMatch(/^livecart_stock_gate_seconds_count 2$/m);
    expect(text).toMatch(/^livecart_outbox_backlog \d+$/m);
    expect(text).toMatch(/^livecart_process_cpu_seconds_total /m);
  });
});
