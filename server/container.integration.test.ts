// The embedded default as a new user meets it: empty data dir → migrated and seeded; a restart
// keeps the data; seeding again changes nothing.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seed } from '@/prisma/seed';
import { createContainer } from './container';
import { parseEnv } from './env';
import { createLogger } from './logger';

const counts = async (db: Awaited<ReturnType<typeof createContainer>>['db']) => ({
  users: await db.user.count(),
  spus: await db.spu.count(),
  skus: await db.sku.count(),
  rooms: await db.liveSession.count(),
  roomGoods: await db.liveRoomGoods.count(),
});

describe('embedded default', () => {
  it('migrates and seeds an empty data dir, and keeps the data over a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'livecart-data-'));
    const env = parseEnv({ DATA_DIR: dataDir });
    const log = createLogger('silent');

    const first = await createContainer(env, log);
    expect(first.database.target).toEqual({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    expect(first.kv.kind).toBe('memory');
    expect((await seed(first.db)).created).toBe(true);
    const seeded = await counts(first.db);
    expect(seeded.users).toBeGreaterThanOrEqual(6);
    expect(seeded.rooms).toBe(2);
    await first.db.liveRoomGoods.updateMany({ where: { liveId: 1 }, data: { isWelfare: true } });
    const secret = first.sessionPassword;
    await first.close();

    const second = await createContainer(env, log);
    expect(await counts(second.db)).toEqual(seeded);
    expect(await second.db.liveRoomGoods.count({ where: { isWelfare: true } })).toBeGreaterThan(0);
    // Sessions survive the restart too.
    expect(second.sessionPassword).toBe(secret);
    expect((await seed(second.db)).created).toBe(false);
    expect(await counts(second.db)).toEqual(seeded);
    await second.close();
  });
});
