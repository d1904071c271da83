// C — the cart's goods list from the cache: GET /api/live/goods-list on the app vs a bare
// http server answering each request with one Redis GET of a JSON document of the same size.
import type { Container } from '../server/container';
import type { CannonResult } from './load/cannon';
import type { App } from './lib/app';
import { runCannon } from './lib/load';
import { spawnTs, type CpuShares } from './lib/proc';

export interface CartResult {
  liveId: number;
  bytes: number;
  app: { load: CannonResult; cpu: CpuShares };
  bare: { load: CannonResult; cpu: CpuShares };
  ratio: number;
}

export async function measureCart(app: App, container: Container, liveIds: number[], shape: { connections: number; durationSec: number }): Promise<CartResult> {
  // The seed's room 1 is LIVE (cached); fall back to a room the storms made.
  let liveId = 0;
  let body = '';
  for (const id of liveIds) {
    const res = await fetch(`${app.url}/api/live/goods-list?live_id=${id}`);
    const text = await res.text();
    if (res.ok && (JSON.parse(text) as { status: string }).status === 'LIVE') {
      liveId = id;
      body = text;
      break;
    }
  }
  if (!liveId) throw new Error(`C: none of the rooms ${liveIds.join(', ')} is LIVE`);
  const key = 'bench:c:goods-list';
  await container.redis!.set(key, body, 'EX', 600);
  const bare = spawnTs('bench/servers/cache-server.ts', [app.prefix + key]);
  try {
    const path = `/api/live/goods-list?live_id=${liveId}`;
    const appRun = await runCannon({ url: app.url, path, ...shape }, { app: () => [app.child.pid] });
    const { port } = await bare.next<{ port: number }>((m) => m.type === 'ready', 30_000);
    const bareRun = await runCannon({ url: `http://127.0.0.1:${port}`, path, ...shape }, { server: () => [bare.pid] });
    for (const [name, r] of [['app', appRun.result], ['bare', bareRun.result]] as const) {
      if (Object.keys(r.statuses).some((code) => code !== '200') || r.errors) throw new Error(`C: ${name} answered ${JSON.stringify(r.statuses)}`);
    }
    return { liveId, bytes: Buffer.byteLength(body), app: { load: appRun.result, cpu: appRun.cpu }, bare: { load: bareRun.result, cpu: bareRun.cpu }, ratio: appRun.result.perSecond / bareRun.result.perSecond };
  } finally {
    await bare.stop();
    await container.redis!.del(key).catch(() => {});
  }
}
