// Walks every message key against the code: a key the code never names is dead words (and a
// sign a screen lost its text), a word the code names that has no key would show its path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMessage, messageKeys, messages } from './messages';

const ROOTS = ['app', 'components', 'server'];
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}
const code = ROOTS.flatMap((root) => sources(root)).map((path) => readFileSync(path, 'utf8'));
const all = code.join('\n');

// Keys the code builds from a value: `error.${reason}`, `audit.action.${action}`…
const dynamicPrefixes = [...all.matchAll(/[`]([a-zA-Z]+(?:\.[a-zA-Z0-9]+)*\.)\$\{/g)].map((m) => m[1]);
// Literal keys: a quoted dotted word that is a key, or a t('…') call.
const quoted = new Set([...all.matchAll(/['"`]([a-zA-Z][\w]*(?:\.[\w-]+)+)['"`]/g)].map((m) => m[1]));

describe('locale keys', () => {
  it('both languages have the same keys, none empty', () => {
    expect(messageKeys(messages.en)).toEqual(messageKeys(messages.zh));
    for (const locale of ['zh', 'en'] as const) {
      const empty = messageKeys(messages[locale]).filter((key) => !key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages[locale]));
      expect(empty, `empty words in ${locale}`).toEqual([]);
    }
  });

  it('every key is used by the code', () => {
    const unused = messageKeys().filter((key) => !quoted.has(key) && !dynamicPrefixes.some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it('every word the code asks for exists', () => {
    const asked = [...all.matchAll(/\bt\(\s*['"]([\w.-]+)['"]/g)].map((m) => m[1]);
    expect(asked.filter((key) => !hasMessage(key))).toEqual([]);
  });

  it('Chinese words carry no English sentence, English words no Chinese', () => {
    const han = /\p{Script=Han}/u;
    const walk = (locale: 'zh' | 'en') => messageKeys(messages[locale]).map((key) => [key, key.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], messages[locale]) as string] as const);
    // The switch names the other language in its own words (中文 / English), marked with its lang.
    const own = new Set(['lang.switch']);
    expect(walk('en').filter(([key, text]) => !own.has(key) && han.test(text))).toEqual([]);
    // Chinese words may hold brand and unit acronyms (SKU, GMV, UV, URL…), never an English word.
    const englishWord = /\b(?!(?:OBS|SKU|GMV|GPM|UV|PV|ID|URL|HLS|FLV|flv|RTMP|H5|CSV|API|REST|OpenAPI|Livecart|JSON|PNG|JPG|JPEG|WebP|GIF|MB|KB|px|QR|iOS|Android|Redis|PostgreSQL|OTLP|OK|VIP|App|m3u8|mp4|http|https|trace_id|live_id|order_sn)\b)[A-Za-z]{3,}\b/;
    expect(walk('zh').filter(([key, text]) => !own.has(key) && englishWord.test(text.replace(/\{[^}]*\}/g, '')))).toEqual([]);
  });
});
