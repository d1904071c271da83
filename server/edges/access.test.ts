import { describe, expect, it } from 'vitest';
import { metricsAccess } from './access';
import { sessionCookieSecure } from './cookies';

describe('metricsAccess', () => {
  const token = 'a-token-of-sixteen-chars';
  it('wants the bearer token when METRICS_TOKEN is set, from anywhere', () => {
    expect(metricsAccess(token, { authorization: `Bearer ${token}` }, '203.0.113.9')).toEqual({ ok: true });
    expect(metricsAccess(token, { authorization: `bearer ${token}` }, '203.0.113.9')).toEqual({ ok: true });
    expect(metricsAccess(token, { authorization: 'Bearer wrong' }, '127.0.0.1')).toMatchObject({ ok: false, status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
    expect(metricsAccess(token, {}, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
  });

  it('answers only this machine, not through a proxy, when it is unset', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.1.2.3']) expect(metricsAccess(undefined, {}, address), address).toEqual({ ok: true });
    for (const address of ['10.0.0.1', '::ffff:192.168.1.2', '2001:db8::1', undefined]) expect(metricsAccess(undefined, {}, address), address).toMatchObject({ ok: false, status: 403, reason: 'LOOPBACK_ONLY' });
    expect(metricsAccess(undefined, { 'x-forwarded-for': '203.0.113.9' }, '127.0.0.1')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('sessionCookieSecure', () => {
  it('is Secure in production and over https on auto; always and never are what they say', () => {
    const http = {};
    const https = { 'x-forwarded-proto': 'https' };
    expect(sessionCookieSecure({ SESSION_COOKIE_SECURE: 'auto', NODE_ENV: 'production' }, http)).toBe(true);
    expect(sessionCookieSecure({ SESSION_COOKIE_SECURE: 'auto', NODE_ENV: 'development' }, http)).toBe(false);
    expect(sessionCookieSecure({ SESSION_COOKIE_SECURE: 'auto', NODE_ENV: 'development' }, https)).toBe(true);
    expect(sessionCookieSecure({ SESSION_COOKIE_SECURE: 'auto', NODE_ENV: 'test' }, http, true)).toBe(true);
    expect(sessionCookieSecure({ SESSION_COOKIE_SECURE: 'never', NODE_ENV: 'production' }, https)).toBe(false);
    expect(sessionCookieSecure({ SESSION_COOKIE_SECURE: 'always', NODE_ENV: 'development' }, http)).toBe(true);
  });
});
