// Domain errors. Services throw AppError; tRPC (server/trpc/init.ts) and the REST edges map
// it once to a status and a JSON body. toAppError turns the failures of a part that is down
// (database, Redis) into a 503 a client may retry, so no driver's text reaches a client.

export const appErrorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  /** A part the request needs (database, Redis) is down for a moment: retry after a pause. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

/** When a client may try again unless the thrower says otherwise (the Retry-After header). */
const defaultRetryAfterSeconds: Partial<Record<AppErrorCode, number>> = { TOO_MANY_REQUESTS: 1, SERVICE_UNAVAILABLE: 1 };

/** The figures and names a refusal's words need ({ skuCode, stock }), sent to clients as data.params. */
export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  readonly httpStatus: number;
  /** Seconds until a retry may succeed; sent as Retry-After (429 and 503 always have one). */
  readonly retryAfterSeconds: number | undefined;
  /**
   * What the client's words for `reason` are filled with (error.<REASON> in the locale files):
   * the English `message` is for logs and API clients, never shown in the UI. A 429 always
   * carries its wait as `seconds`.
   */
  readonly params: ErrorParams;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** A stable machine-readable reason, e.g. "SOLD_OUT", for clients to branch on. */
    readonly reason?: string,
    options: { retryAfterSeconds?: number; cause?: unknown; params?: ErrorParams } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.httpStatus = appErrorStatus[code];
    this.retryAfterSeconds = options.retryAfterSeconds ?? defaultRetryAfterSeconds[code];
    this.params = code === 'TOO_MANY_REQUESTS' && this.retryAfterSeconds !== undefined ? { seconds: this.retryAfterSeconds, ...options.params } : { ...options.params };
  }
}

/** A price in params: 元 with two decimals ("12.50"), the words put the ¥ in front. */
export function yuanParam(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** What a client reads for a part that is down; the raw error goes to the log only. */
export const UNAVAILABLE_MESSAGE = 'Service temporarily unavailable: try again in a moment';
/** What a client reads for an error nobody expected. */
export const INTERNAL_MESSAGE = 'Internal error';

/** A part down or restarting: long enough for a reconnect (ioredis backs off up to 2 s). */
const OUTAGE_RETRY_AFTER_SECONDS = 2;
/** A transaction that lost a race (serialization failure, deadlock): the next try usually wins. */
const CONFLICT_RETRY_AFTER_SECONDS = 1;

type Failure = { part: 'database' | 'redis' | 'network'; retryAfterSeconds: number };

// Prisma's own codes for a database out of reach, a connection lost or a pool or transaction
// timing out (https://www.prisma.io/docs/orm/reference/error-reference).
const prismaOutageCodes = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2028', 'P2037']);
// What @prisma/adapter-pg reports in meta.driverAdapterError.cause.kind (its mapDriverError).
const adapterOutageKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionAlreadyClosed']);
const socketErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN']);

/** PostgreSQL SQLSTATEs of a server going away or out of room, and of a lost race. */
function sqlStateFailure(state: string): Failure | undefined {
  // 08: connection exception; 53: insufficient resources (53300 too many connections);
  // 57P01–57P05: shutdown, crash, starting up, idle timeouts; 57014: statement cancelled.
  if (/^(08|53|57P0)/.test(state) || state === '57014' || state === '25P03') return { part: 'database', retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS };
  // Serialization failure, deadlock, lock not available (lock_timeout / NOWAIT).
  if (state === '40001' || state === '40P01' || state === '55P03') return { part: 'database', retryAfterSeconds: CONFLICT_RETRY_AFTER_SECONDS };
  return undefined;
}

// Messages of failures that carry no code: pg's client and pool, Prisma's wrappers of them,
// ioredis' offline queue and timeouts, our Redis client skipping commands while it is away.
const databaseMessages =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|sorry, too many clients already|Client has encountered a connection error and is not queryable|Cannot use a pool after calling end on the pool/;
const redisMessages = /^(Reached the max retries per request limit|Connection is closed\.|Stream isn't writeable|Command timed out|Redis is unavailable)/;
// Redis replies that mean "not now" rather than "wrong": loading after a restart, a script
// running too long, out of memory, a failover in progress.
const redisBusyReplies = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|OOM)\b/;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** One link of a cause chain: a failure of a part that is down, or undefined. */
function failureOf(error: unknown): Failure | undefined {
  const outage = (part: Failure['part']): Failure => ({ part, retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS });
  const name = text(field(error, 'name')) ?? '';
  const message = text(field(error, 'message')) ?? '';
  const code = text(field(error, 'code'));

  if (name === 'MaxRetriesPerRequestError') return outage('redis');
  if (name === 'ReplyError') return redisBusyReplies.test(message) ? outage('redis') : undefined;
  if (name === 'PrismaClientInitializationError') return outage('database');
  if (name.startsWith('PrismaClient')) {
    if (code === 'P2034') return { part: 'database', retryAfterSeconds: CONFLICT_RETRY_AFTER_SECONDS };
    if (code && prismaOutageCodes.has(code)) return outage('database');
    const cause = field(field(field(error, 'meta'), 'driverAdapterError'), 'cause');
    const failure = adapterFailure(cause);
    if (failure) return failure;
  }
  if (name === 'DriverAdapterError') {
    const failure = adapterFailure(field(error, 'cause'));
    if (failure) return failure;
  }
  // pg's DatabaseError (and PGlite's): a SQLSTATE with a severity.
  if (code && /^[0-9A-Z]{5}$/.test(code) && typeof field(error, 'severity') === 'string') {
    const failure = sqlStateFailure(code);
    if (failure) return failure;
  }
  if (code && socketErrorCodes.has(code)) return outage('network');
  if (redisMessages.test(message)) return outage('redis');
  if (databaseMessages.test(message)) return outage('database');
  return undefined;
}

function adapterFailure(cause: unknown): Failure | undefined {
  const kind = text(field(cause, 'kind'));
  if (!kind) return undefined;
  if (adapterOutageKinds.has(kind)) return { part: 'database', retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS };
  if (kind === 'TransactionWriteConflict') return { part: 'database', retryAfterSeconds: CONFLICT_RETRY_AFTER_SECONDS };
  const state = text(field(cause, 'originalCode')) ?? text(field(cause, 'code'));
  return state ? sqlStateFailure(state) : undefined;
}

/**
 * The AppError a client may see for `error`: the AppError itself (also when wrapped, e.g. as a
 * TRPCError's cause), a SERVICE_UNAVAILABLE (reason UNAVAILABLE, with Retry-After) for a
 * database or Redis that is down, restarting, out of connections or lost a race, or undefined
 * for anything else — which callers answer with INTERNAL_MESSAGE and log.
 */
export function toAppError(error: unknown): AppError | undefined {
  let link = error;
  for (let depth = 0; depth < 6 && link !== undefined && link !== null; depth++) {
    if (link instanceof AppError) return link;
    const failure = failureOf(link);
    if (failure) return new AppError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE, 'UNAVAILABLE', { retryAfterSeconds: failure.retryAfterSeconds, cause: error });
    link = field(link, 'cause');
  }
  return undefined;
}

/** Every error as an AppError: toAppError's, else a generic INTERNAL one that keeps the original as its cause. */
export function asAppError(error: unknown): AppError {
  return toAppError(error) ?? new AppError('INTERNAL_SERVER_ERROR', INTERNAL_MESSAGE, 'INTERNAL', { cause: error });
}

/** The Retry-After header of an error's reply, if it has one. */
export function retryAfterHeader(error: AppError | undefined): Record<string, string> {
  return error?.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
}

/** The JSON body of a REST edge's error reply; `params` only when the refusal has any (README, REST API). */
export function restErrorBody(error: AppError): { error: { code: AppErrorCode; message: string; reason: string | null; params?: ErrorParams } } {
  const params = Object.keys(error.params).length ? { params: error.params } : {};
  return { error: { code: error.code, message: error.message, reason: error.reason ?? null, ...params } };
}
