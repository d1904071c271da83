// T's server: the architecture limit with the customer's API stack — tRPC's own standalone
// HTTP adapter (superjson, zod input) around one mutation that runs the same stock-gate script.
// No session, no database: what tRPC over HTTP costs before any of the app's work.
// argv: keyPrefix flashSkuId
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import { benchGate } from '../lib/gate';
import { childReady, exitOnSignals } from '../lib/child';

const [prefix = 'lc:bench:t:', flashSku = '1'] = process.argv.slice(2);
const flashSkuId = Number(flashSku);
const kv = benchGate(prefix);
const HASH = 'f'.repeat(64);
let n = 0;

const t = initTRPC.create({ transformer: superjson });
const router = t.router({
  reserve: t.procedure
    .input(z.object({ liveId: z.number().int(), skuId: z.number().int(), flashSkuId: z.number().int(), quantity: z.number().int().min(1), idempotencyKey: z.string().min(8), address: z.object({ name: z.string(), phone: z.string(), region: z.string(), detail: z.string() }) }))
    .mutation(async ({ input }) => {
      n += 1;
      return kv.gate.reserve({ flashSkuId, userId: n % 100_000, quantity: input.quantity, perUserLimit: 1e9, idempotencyKey: input.idempotencyKey, requestHash: HASH });
    }),
});

const server = createHTTPServer({ router, basePath: '/api/trpc/' });
server.keepAliveTimeout = 65_000;
exitOnSignals(async () => {
  server.close();
  await kv.close();
});
server.listen(0, '127.0.0.1', () => childReady({ port: (server.address() as { port: number }).port }));
