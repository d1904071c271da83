// Goods images uploaded by hosts: kept under DATA_DIR/uploads, served at /uploads/<name>.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Env } from '@/server/env';
import { AppError } from '@/server/errors';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const TYPES: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
const BY_EXT = Object.fromEntries(Object.entries(TYPES).map(([type, ext]) => [ext, type]));

function uploadsDir(env: Env) {
  return env.DATA_DIR.startsWith('memory://') ? path.join(os.tmpdir(), 'livecart-uploads') : path.resolve(env.DATA_DIR, 'uploads');
}

// The first bytes of each format, so a renamed file cannot pass as an image.
function sniff(bytes: Uint8Array): string | undefined {
  const hex = Buffer.from(bytes.subarray(0, 12)).toString('hex');
  if (hex.startsWith('89504e47')) return 'image/png';
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex.startsWith('47494638')) return 'image/gif';
  if (hex.startsWith('52494646') && hex.slice(16, 24) === '57454250') return 'image/webp';
  return undefined;
}

export async function saveUpload(env: Env, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength === 0) throw new AppError('BAD_REQUEST', 'The file is empty', 'EMPTY_FILE');
  const maxMb = MAX_UPLOAD_BYTES / 1024 / 1024;
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new AppError('BAD_REQUEST', `Images may be at most ${maxMb} MB`, 'FILE_TOO_LARGE', { params: { maxMb } });
  const type = sniff(bytes);
  if (!type) throw new AppError('BAD_REQUEST', 'Only PNG, JPEG, WebP or GIF images can be uploaded', 'NOT_AN_IMAGE');
  const dir = uploadsDir(env);
  await mkdir(dir, { recursive: true });
  const name = `${randomUUID()}.${TYPES[type]}`;
  await writeFile(path.join(dir, name), bytes);
  return `/uploads/${name}`;
}

export async function readUpload(env: Env, name: string): Promise<{ type: string; body: Buffer } | null> {
  const match = /^[0-9a-f-]{36}\.(png|jpg|webp|gif)$/.exec(name);
  if (!match) return null;
  try {
    return { type: BY_EXT[match[1]!]!, body: await readFile(path.join(uploadsDir(env), name)) };
  } catch {
    return null;
  }
}
