import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('runs on the embedded default with nothing set', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable and what it got', () => {
    let error: EnvError | undefined;
    try {
      parseEnv({ DATABASE_URL: 'mysql://x', PORT: 'eighty', REDIS_URL: 'http://localhost' });
    } catch (e) {
      error = e as EnvError;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect(error!.problems.join('\n')).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\/ \(got "mysql:\/\/x"\)/);
    expect(error!.problems.join('\n')).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(error!.problems.join('\n')).toMatch(/REDIS_URL: must be a URL starting with redis:\/\//);
  });

  it('takes the seed nodes of a Redis Cluster instead of one Redis', () => {
    expect(parseEnv({ REDIS_CLUSTER_NODES: '127.0.0.1:7001, 127.0.0.1:7002,redis-3:7003' }).REDIS_CLUSTER_NODES).toBe('127.0.0.1:7001, 127.0.0.1:7002,redis-3:7003');
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: '127.0.0.1' })).toThrow(/REDIS_CLUSTER_NODES: must be a comma-separated list of host:port/);
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: '127.0.0.1:7001', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/not both/);
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: '127.0.0.1:7001', REDIS_KEY_PREFIX: '{app}:' })).toThrow(/REDIS_KEY_PREFIX: may not contain/);
  });

  it('hides secrets in its messages', () => {
    expect(() => parseEnv({ SESSION_SECRET: 'short-secret' })).toThrow(/SESSION_SECRET: must be at least 32 characters \(got hidden\)/);
  });

  it('requires a session secret in production on PostgreSQL', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(/SESSION_SECRET: required in production/);
  });
});
