// Validated configuration, read once at start. Every variable is documented in .env.example.
import { z } from 'zod';

const urlWithProtocol = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

// host:port,host:port — the seed nodes of a Redis Cluster; ioredis finds the rest itself.
const clusterNodes = z
  .string()
  .trim()
  .refine(
    (value) => value.split(',').every((node) => /^[^\s:,]+:\d{1,5}$/.test(node.trim()) && Number(node.trim().split(':').pop()) <= 65535),
    'must be a comma-separated list of host:port, e.g. 127.0.0.1:7001,127.0.0.1:7002',
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optional(urlWithProtocol(['postgres:', 'postgresql:'])),
  REDIS_URL: optional(urlWithProtocol(['redis:', 'rediss:'])),
  REDIS_CLUSTER_NODES: optional(clusterNodes).describe('seed nodes of a Redis Cluster (instead of REDIS_URL)'),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_KEY_PREFIX: z.string().max(60).default(''),
  MIGRATE_ON_START: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('auto: migrate the embedded database; PostgreSQL is migrated by `npm run db:migrate`'),
  ORDER_RATE_USER_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(20).describe('order attempts a user may make in 10 s'),
  ORDER_RATE_IP_PER_10S: z.coerce.number().int().min(1).max(10_000_000).default(5000).describe('order attempts one IP may make in 10 s'),
  ORDER_FAST_REFUSALS: z
    .enum(['on', 'off'])
    .default('on')
    .describe('off: no in-process refusals (a flash SKU known sold out, a user or IP past its rate limit): every attempt goes to Redis; it exists to measure that lever (bench section V)'),
  OUTBOX_RELAY: z
    .enum(['on', 'off'])
    .default('on')
    .describe('off: leave order events to other instances or a dedicated worker (npm run worker)'),
  BACKGROUND_WORK: z
    .enum(['here', 'worker'])
    .default('here')
    .describe('here: this process also relays order events to the stats, expires unpaid orders, runs sale timers and checks stock; worker: it serves requests only and `npm run worker` does the rest (PostgreSQL + Redis)'),
  SEED_ON_START: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('auto: seed the embedded database when it is empty'),
  DEMO_MODE: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe('auto: on for the embedded default only; on: the sign-in page lists the demo accounts and their shared password'),
  TRUSTED_PROXIES: optional(z.string())
    .describe('proxies whose X-Forwarded-For names the client (rate limits, logs): addresses, CIDR ranges, loopback, uniquelocal — e.g. loopback behind a local nginx (default: none, the peer is the client)'),
  APP_ORIGINS: optional(z.string())
    .describe('comma-separated origins allowed to send mutations, e.g. https://shop.example (default: the origin the request was sent to)'),
  METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters'))
    .describe('bearer token for GET /api/metrics; unset: metrics answer only on loopback'),
  SESSION_COOKIE_SECURE: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('auto: Secure in production; never: for a production instance served over plain http (not recommended)'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'EnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = source[name];
        const shown = given === undefined ? 'not set' : name.includes('SECRET') ? 'hidden' : JSON.stringify(given);
        return `${name}: ${issue.message} (got ${shown})`;
      }),
    );
  }
  if (result.data.REDIS_URL && result.data.REDIS_CLUSTER_NODES) {
    throw new EnvError(['REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both']);
  }
  // A brace in the prefix would be every key's hash tag: the whole app on one slot of the cluster.
  if (result.data.REDIS_CLUSTER_NODES && /[{}]/.test(result.data.REDIS_KEY_PREFIX)) {
    throw new EnvError([`REDIS_KEY_PREFIX: may not contain { or } on a Redis Cluster (got ${JSON.stringify(result.data.REDIS_KEY_PREFIX)})`]);
  }
  if (result.data.NODE_ENV === 'production' && result.data.DATABASE_URL && !result.data.SESSION_SECRET) {
    throw new EnvError(['SESSION_SECRET: required in production when DATABASE_URL is set (got not set)']);
  }
  return result.data;
}
