import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';
import { MAX_UPLOAD_BYTES, readUpload, saveUpload } from './uploads';

const env = parseEnv({ DATA_DIR: 'memory://' });
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

describe('goods image uploads', () => {
  it('stores a real image and serves it back by its URL', async () => {
    const url = await saveUpload(env, PNG);
    expect(url).toMatch(/^\/uploads\/[0-9a-f-]{36}\.png$/);
    const file = await readUpload(env, url.slice('/uploads/'.length));
    expect(file?.type).toBe('image/png');
    expect(Uint8Array.from(file!.body)).toEqual(PNG);
  });

  it('refuses what is not an image, even when named like one, and oversized files', async () => {
    await expect(saveUpload(env, new TextEncoder().encode('<svg onload=alert(1)>'))).rejects.toThrow(/Only PNG, JPEG, WebP or GIF/);
    await expect(saveUpload(env, new Uint8Array(0))).rejects.toThrow(/empty/);
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(PNG);
    await expect(saveUpload(env, big)).rejects.toThrow(/at most 5 MB/);
  });

  it('serves nothing outside the uploads folder', async () => {
    expect(await readUpload(env, '../../package.json')).toBeNull();
    expect(await readUpload(env, '00000000-0000-0000-0000-000000000000.png')).toBeNull();
  });
});
