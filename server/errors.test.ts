// toAppError against the failures seen when PostgreSQL or Redis go away. The shapes below were
// taken from real runs (Prisma 7 over @prisma/adapter-pg, ioredis 5): a closed port, a backend
// killed with pg_terminate_backend mid-query and mid-transaction, a socket cut or reset under a
// query, an expired interactive transaction, two serializable writers, a deadlock. The last
// block makes two of them for real against a port nobody listens on.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/server/db/adapter';
import { createPrisma } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import { createRedisClient } from '@/server/redis/redis-kv';
import { AppError, asAppError, INTERNAL_MESSAGE, restErrorBody, retryAfterHeader, toAppError, UNAVAILABLE_MESSAGE } from './errors';

const clientVersion = '7.0.0';
const known = (message: string, code: string, meta?: Record<string, unknown>) => new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion, meta });
const adapterMeta = (cause: Record<string, unknown>, modelName?: string) => ({ ...(modelName ? { modelName } : {}), driverAdapterError: { name: 'DriverAdapterError', cause } });
const terminated = { originalCode: '57P01', originalMessage: 'terminating connection due to administrator command', kind: 'postgres', code: '57P01', severity: 'FATAL', message: 'terminating connection due to administrator command' };
/** ioredis' errors are plain Errors told apart by name (MaxRetriesPerRequestError extends AbortError). */
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

const unavailable: [string, unknown, number][] = [
  ['a model query on a backend killed by pg_terminate_backend (P2039 + 57P01)', known('\nInvalid `prisma.flashSku.findUnique()` invocation:\n\nDatabase error. Code: `57P01`. Message: `terminating connection due to administrator command`', 'P2039', adapterMeta(terminated, 'FlashSku')), 2],
  ['a raw query in a transaction on a killed backend (P2010 + 57P01)', known('\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`', 'P2010', adapterMeta(terminated)), 2],
  ['a model query with the server not listening (P1001)', known("\nInvalid `db.flashSku.findUnique()` invocation\nCan't reach database server at 127.0.0.1:5499", 'P1001', adapterMeta({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5499 }, 'FlashSku')), 2],
  ['a raw query with the server not listening (P2010 + DatabaseNotReachable)', known("Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5499`", 'P2010', adapterMeta({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5499 })), 2],
  ['a socket reset under a query (ConnectionClosed)', known('Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`', 'P2010', adapterMeta({ kind: 'ConnectionClosed' })), 2],
  ['an expired interactive transaction (P2028)', known('Transaction API error: A query cannot be executed on an expired transaction.', 'P2028', { operation: 'query', timeout: 100, timeTaken: 302 }), 2],
  ['the pool out of connections (P2024)', known('Timed out fetching a new connection from the connection pool.', 'P2024'), 2],
  ['a server that is starting up (57P03)', known('Raw query failed. Code: `57P03`.', 'P2010', adapterMeta({ originalCode: '57P03', kind: 'postgres', code: '57P03', severity: 'FATAL', message: 'the database system is starting up' })), 2],
  ['too many connections (TooManyConnections)', known('Too many database connections opened', 'P2037', adapterMeta({ kind: 'TooManyConnections', cause: 'sorry, too many clients already' })), 2],
  ['a serialization failure (40001)', known('Raw query failed. Code: `40001`. Message: `could not serialize access due to concurrent update`', 'P2010', adapterMeta({ originalCode: '40001', originalMessage: 'could not serialize access due to concurrent update', kind: 'TransactionWriteConflict' })), 1],
  ['a deadlock (40P01)', known('Raw query failed. Code: `40P01`. Message: `deadlock detected`', 'P2010', adapterMeta({ originalCode: '40P01', originalMessage: 'deadlock detected', kind: 'TransactionWriteConflict' })), 1],
  ['a write conflict on a model query (P2034)', known('Transaction failed due to a write conflict or a deadlock. Please retry your transaction', 'P2034'), 1],
  // A socket closed without a goodbye: pg's plain Error, passed through by Prisma with clientVersion added.
  ['a socket cut under a query (pg, no code)', Object.assign(new Error('Connection terminated unexpectedly'), { clientVersion }), 2],
  ['an unknown request error about the connection', new Prisma.PrismaClientUnknownRequestError("Can't reach database server at `127.0.0.1:5432`", { clientVersion }), 2],
  ['a client that could not start', new Prisma.PrismaClientInitializationError("Can't reach database server at `db:5432`", clientVersion, 'P1001'), 2],
  ["pg's DatabaseError for a killed backend", Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 116, 'error'), { code: '57P01', severity: 'FATAL' }), 2],
  ['Redis down: the retries of a command used up', named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.'), 2],
  ['Redis: a command on a closed client', new Error('Connection is closed.'), 2],
  ['Redis: the offline queue off', new Error("Stream isn't writeable and enableOfflineQueue options is false"), 2],
  ['Redis: commandTimeout', new Error('Command timed out'), 2],
  ['Redis: a command skipped while the connection is lost (server/redis/redis-kv.ts)', new Error('Redis is unavailable'), 2],
  ['Redis: loading its data after a restart', Object.assign(named('ReplyError', 'LOADING Redis is loading the dataset in memory'), { command: { name: 'get', args: ['k'] } }), 2],
  ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6399'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 6399 }), 2],
  ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' }), 2],
];

describe('toAppError', () => {
  it.each(unavailable)('answers %s with 503 UNAVAILABLE and no internal text', (_, error, seconds) => {
    const mapped = toAppError(error);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, reason: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE, retryAfterSeconds: seconds });
    // The original stays with it, for the log.
    expect(mapped!.cause).toBe(error);
  });

  it('finds the failure under wrappers (a TRPCError around it)', () => {
    const inner = named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 3).');
    const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: inner.message, cause: inner });
    expect(toAppError(wrapped)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'UNAVAILABLE' });
  });

  it('returns an AppError as it is, also from under a TRPCError', () => {
    const error = new AppError('CONFLICT', 'Sold out', 'SOLD_OUT');
    expect(toAppError(error)).toBe(error);
    expect(toAppError(new TRPCError({ code: 'CONFLICT', message: error.message, cause: error }))).toBe(error);
  });

  it.each<[string, unknown]>([
    ['a unique violation (P2002)', known('Unique constraint failed on the fields: (`order_sn`)', 'P2002', { modelName: 'Order', target: ['order_sn'] })],
    ['a unique violation in raw SQL (23505)', known('Raw query failed. Code: `23505`.', 'P2010', adapterMeta({ originalCode: '23505', kind: 'UniqueConstraintViolation', constraint: { index: 'u_pkey' }, table: 'u' }))],
    ['a missing database (P1003: configuration, not an outage)', known('Database `nope` does not exist on the database server', 'P1003', adapterMeta({ originalCode: '3D000', kind: 'DatabaseDoesNotExist', db: 'nope' }))],
    ['a bad query (42P01 undefined table)', known('Raw query failed. Code: `42P01`.', 'P2010', adapterMeta({ originalCode: '42P01', kind: 'TableDoesNotExist', table: 'x' }))],
    ['a Redis reply error that is the caller’s', named('ReplyError', "ERR unknown command 'NOSUCHCMD'")],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'boom'],
    ['nothing', undefined],
  ])('leaves %s to the caller', (_, error) => {
    expect(toAppError(error)).toBeUndefined();
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(toAppError(a)).toBeUndefined();
  });
});

describe('asAppError and the reply helpers', () => {
  it('makes anything unexpected a generic INTERNAL error that keeps the original for the log', () => {
    const bug = new TypeError('x is undefined');
    const mapped = asAppError(bug);
    expect(mapped).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, reason: 'INTERNAL', message: INTERNAL_MESSAGE, retryAfterSeconds: undefined });
    expect(mapped.cause).toBe(bug);
    expect(restErrorBody(mapped)).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', reason: 'INTERNAL' } });
    expect(retryAfterHeader(mapped)).toEqual({});
  });

  it('carries the params of a refusal’s words, and a 429 its wait as seconds', () => {
    const above = new AppError('BAD_REQUEST', 'Flash stock 50 of SKU-01 is above its inventory 30', 'ABOVE_INVENTORY', { params: { skuCode: 'SKU-01', flashStock: 50, stock: 30 } });
    expect(above.params).toEqual({ skuCode: 'SKU-01', flashStock: 50, stock: 30 });
    expect(restErrorBody(above)).toEqual({ error: { code: 'BAD_REQUEST', message: above.message, reason: 'ABOVE_INVENTORY', params: { skuCode: 'SKU-01', flashStock: 50, stock: 30 } } });
    expect(new AppError('TOO_MANY_REQUESTS', 'Too many: try again in 7 s', 'RATE_LIMITED', { retryAfterSeconds: 7 }).params).toEqual({ seconds: 7 });
    expect(new AppError('TOO_MANY_REQUESTS', 'Too many', 'RATE_LIMITED').params).toEqual({ seconds: 1 });
    expect(new AppError('NOT_FOUND', 'Goods 7 does not exist in your shop').params).toEqual({});
  });

  it('gives 429 and 503 a Retry-After by default and keeps the thrower’s own', () => {
    expect(new AppError('SERVICE_UNAVAILABLE', 'down', 'UNAVAILABLE').retryAfterSeconds).toBe(1);
    expect(new AppError('TOO_MANY_REQUESTS', 'slow down', 'RATE_LIMITED', { retryAfterSeconds: 7 }).retryAfterSeconds).toBe(7);
    expect(new AppError('CONFLICT', 'Sold out', 'SOLD_OUT').retryAfterSeconds).toBeUndefined();
    expect(retryAfterHeader(new AppError('TOO_MANY_REQUESTS', 'slow down', 'RATE_LIMITED', { retryAfterSeconds: 7 }))).toEqual({ 'retry-after': '7' });
  });
});

describe('real failures against a port nobody listens on', () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('maps ioredis with the app’s options (retries used up)', async () => {
    const redis = createRedisClient(`redis://127.0.0.1:${await closedPort()}`);
    redis.on('error', () => {});
    try {
      const error = await redis.get('x').then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ name: 'MaxRetriesPerRequestError' });
      expect(toAppError(error)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'UNAVAILABLE' });
    } finally {
      redis.disconnect();
    }
  });

  it('maps Prisma over @prisma/adapter-pg (model query, raw query, transaction)', async () => {
    const handle = await openDatabase({ kind: 'postgres', url: `postgresql://postgres@127.0.0.1:${await closedPort()}/x` });
    const db = createPrisma(handle);
    try {
      const calls = [() => db.flashSku.findUnique({ where: { id: 1 }, select: { id: true } }), () => db.$queryRaw`SELECT 1`, () => db.$transaction(async (tx) => tx.$queryRaw`SELECT 1`)];
      for (const call of calls) {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
        expect(toAppError(error)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'UNAVAILABLE', retryAfterSeconds: 2 });
      }
    } finally {
      await db.$disconnect();
      await handle.close();
    }
  });
});
