import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, parseAppOrigins } from './origin';
import { requestOrigin } from './request';

const own = { host: 'shop.example:3000' };

describe('isAllowedOrigin', () => {
  it('takes the origin the request was sent to when APP_ORIGINS is unset', () => {
    expect(isAllowedOrigin({ ...own, origin: 'http://shop.example:3000' }, undefined)).toBe(true);
    expect(isAllowedOrigin({ ...own, origin: 'https://evil.example' }, undefined)).toBe(false);
    // Same host, other scheme or port: another origin.
    expect(isAllowedOrigin({ ...own, origin: 'https://shop.example:3000' }, undefined)).toBe(false);
    expect(isAllowedOrigin({ ...own, origin: 'http://shop.example:3001' }, undefined)).toBe(false);
    expect(isAllowedOrigin({ ...own, origin: 'http://sub.shop.example:3000' }, undefined)).toBe(false);
  });

  it('follows a proxy’s X-Forwarded-Host and X-Forwarded-Proto', () => {
    const proxied = { host: '127.0.0.1:3000', 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https' };
    expect(isAllowedOrigin({ ...proxied, origin: 'https://shop.example' }, undefined)).toBe(true);
    expect(isAllowedOrigin({ ...proxied, origin: 'http://127.0.0.1:3000' }, undefined)).toBe(false);
    expect(requestOrigin({ host: 'a', 'x-forwarded-host': 'b.example, c.example', 'x-forwarded-proto': 'https,http' })).toBe('https://b.example');
  });

  it('takes only the configured origins when APP_ORIGINS is set', () => {
    const list = 'https://shop.example, https://m.shop.example/';
    expect(isAllowedOrigin({ ...own, origin: 'https://m.shop.example' }, list)).toBe(true);
    expect(isAllowedOrigin({ ...own, origin: 'https://SHOP.example:443' }, list)).toBe(true);
    expect(isAllowedOrigin({ ...own, origin: 'http://shop.example:3000' }, list)).toBe(false);
  });

  it('refuses an opaque or malformed Origin', () => {
    expect(isAllowedOrigin({ ...own, origin: 'null' }, undefined)).toBe(false);
    expect(isAllowedOrigin({ ...own, origin: 'not a url' }, undefined)).toBe(false);
    expect(isAllowedOrigin({ host: 'a b', origin: 'http://a b' }, undefined)).toBe(false);
  });

  it('without Origin, wants Sec-Fetch-Site: same-origin, and lets a client with neither pass', () => {
    expect(isAllowedOrigin({ ...own, 'sec-fetch-site': 'same-origin' }, undefined)).toBe(true);
    expect(isAllowedOrigin({ ...own, 'sec-fetch-site': 'cross-site' }, undefined)).toBe(false);
    expect(isAllowedOrigin({ ...own, 'sec-fetch-site': 'same-site' }, undefined)).toBe(false);
    expect(isAllowedOrigin(own, undefined)).toBe(true);
    expect(isAllowedOrigin({}, 'https://shop.example')).toBe(true);
  });

  it('reads the Fetch API’s Headers as well', () => {
    expect(isAllowedOrigin(new Headers({ host: 'shop.example', origin: 'http://shop.example' }), undefined)).toBe(true);
    expect(isAllowedOrigin(new Headers({ host: 'shop.example', origin: 'https://evil.example' }), undefined)).toBe(false);
  });
});

describe('parseAppOrigins', () => {
  it('reads a comma-separated list of origins', () => {
    expect([...parseAppOrigins(' https://a.example ,http://b.example:8080/ ')!]).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(parseAppOrigins(undefined)).toBeUndefined();
    expect(parseAppOrigins(' ')).toBeUndefined();
  });

  it('stops on an entry that is not a bare origin', () => {
    expect(() => parseAppOrigins('shop.example')).toThrow(/APP_ORIGINS: "shop.example" is not a URL/);
    expect(() => parseAppOrigins('https://shop.example/app')).toThrow(/origin only/);
    expect(() => parseAppOrigins('ftp://shop.example')).toThrow(/origin only/);
  });
});
