// What a page must hold in both languages, checked in the browser: no horizontal overflow (the
// page's or any element's), and no visible word in the other language. Shared by the layout and
// the error-state specs.
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { expect, signIn } from './fixtures';

export type Locale = 'zh' | 'en';
export const LOCALES: Locale[] = ['zh', 'en'];

/** Acronyms and names a Chinese page may show in Latin letters (the list the locale-keys test allows). */
export const ALLOWED_LATIN = [
  'SKU', 'GMV', 'GPM', 'UV', 'PV', 'ID', 'URL', 'HLS', 'FLV', 'flv', 'OBS', 'CSV', 'API', 'H5', 'Livecart', 'RTMP',
  'REST', 'OpenAPI', 'JSON', 'PNG', 'JPG', 'JPEG', 'WebP', 'GIF', 'MB', 'KB', 'QR', 'iOS', 'Android', 'OK', 'VIP',
  'App', 'm3u8', 'mp4',
];

/** Sets the language cookie for every later request of the context. */
export async function setLanguage(context: BrowserContext, locale: Locale) {
  await context.addCookies([{ name: 'lang', value: locale, url: baseURL }]);
}

/** Signs in, then makes sure the page speaks `locale` (an account's saved choice may differ). */
export async function signInAs(page: Page, username: string, locale: Locale) {
  await setLanguage(page.context(), locale);
  await signIn(page, username);
  await setLanguage(page.context(), locale);
}

export interface Finding {
  kind: 'overflow' | 'element-overflow' | 'clipped' | 'wrong-language';
  where: string;
  text: string;
}

/**
 * Runs in the page. Text is collected with a TreeWalker over visible text nodes plus the
 * placeholder / aria-label / title / alt of visible elements, skipping user content
 * (`[translate="no"]`) and text marked as another language (the switch's `<span lang>`).
 */
function inspect({ locale, allowed }: { locale: Locale; allowed: string[] }): Finding[] {
  const findings: Finding[] = [];
  const width = window.innerWidth;
  const describe = (el: Element): string => {
    const parts: string[] = [];
    for (let node: Element | null = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      const testId = node.getAttribute('data-testid');
      const cls = typeof node.className === 'string' ? node.className.split(/\s+/).filter(Boolean).slice(0, 3).join('.') : '';
      parts.unshift(`${node.tagName.toLowerCase()}${testId ? `[data-testid=${testId}]` : ''}${cls ? `.${cls}` : ''}`);
      if (testId) break;
    }
    return parts.join(' > ');
  };
  const visible = (el: Element) =>
    el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.getClientRects().length > 0;

  // 1. Overflow: the page, then any element whose box leaves the viewport sideways and is not
  // inside a box that clips or scrolls it (a table scrolling in its own box is fine).
  const doc = document.documentElement;
  if (doc.scrollWidth > width) findings.push({ kind: 'overflow', where: 'document', text: `scrollWidth ${doc.scrollWidth} > innerWidth ${width}` });
  const clipped = (el: Element) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX !== 'visible') {
        const box = node.getBoundingClientRect();
        if (box.left >= -1 && box.right <= width + 1) return true;
      }
    }
    return false;
  };
  const out = new Set<Element>();
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue; // sr-only text and focus guards
    if ((box.right > width + 1 || box.left < -1) && !clipped(el)) out.add(el);
  }
  for (const el of out) {
    // The outermost offender only: its children stick out because it does.
    if (el.parentElement && out.has(el.parentElement)) continue;
    const box = el.getBoundingClientRect();
    findings.push({ kind: 'element-overflow', where: describe(el), text: `${Math.round(box.left)}–${Math.round(box.right)} of ${width}px: ${(el.textContent ?? '').trim().slice(0, 60)}` });
  }

  // Content cut off sideways inside its own box: a box that hides what sticks out (not a text
  // cut with …, which is meant), or one that scrolls sideways without being a table's scroller.
  for (const el of document.body.querySelectorAll('*')) {
    // (A 1-px box is screen-reader text, clipped on purpose.)
    if (!visible(el) || el.scrollWidth <= el.clientWidth + 1 || el.clientWidth <= 2) continue;
    const style = getComputedStyle(el);
    if (style.overflowX === 'visible' || style.textOverflow === 'ellipsis' || el.matches('input, textarea, select, video, canvas, svg, svg *')) continue;
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.querySelector('table')) continue;
    if (el.closest('.recharts-wrapper')) continue;
    findings.push({ kind: 'clipped', where: describe(el), text: `${el.scrollWidth} in ${el.clientWidth}px (overflow-x ${style.overflowX}): ${(el.textContent ?? '').trim().slice(0, 60)}` });
  }

  // 2. Words in the other language.
  const han = /\p{Script=Han}/u;
  const allowedSet = new Set(allowed);
  // Codes are not words: a URL, a path, a file name, or anything with a digit in it (TEE-01,
  // LC20261201…, 250g, m3u8) is skipped; what is left is read word by word.
  const isCode = (token: string) => /\d|:\/\/|^\/|\.[A-Za-z0-9]{2,5}$/.test(token);
  const latinWords = (text: string) =>
    (text.match(/[A-Za-z0-9_.:/\-@%?=&#+]+/g) ?? [])
      .filter((token) => !isCode(token))
      .flatMap((token) => token.match(/[A-Za-z]+/g) ?? [])
      .filter((w) => w.length >= 3 && !allowedSet.has(w));
  const wrong = (text: string): string | null => {
    if (locale === 'en') return han.test(text) ? text : null;
    const words = latinWords(text);
    return words.length ? `${words.join(', ')} in “${text}”` : null;
  };
  const skipped = (el: Element | null) => {
    if (!el) return true;
    if (el.closest('[translate="no"], script, style, noscript, template')) return true;
    const tagged = el.closest('[lang]');
    return tagged !== null && tagged !== document.documentElement;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.nodeValue ?? '').replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const parent = node.parentElement;
    if (skipped(parent) || !visible(parent!)) continue;
    const bad = wrong(text);
    if (bad) findings.push({ kind: 'wrong-language', where: describe(parent!), text: bad });
  }
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
    if (skipped(el) || !visible(el)) continue;
    for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
      const value = el.getAttribute(attr)?.trim();
      const bad = value ? wrong(value) : null;
      if (bad) findings.push({ kind: 'wrong-language', where: `${describe(el)} @${attr}`, text: bad });
    }
  }
  const title = wrong(document.title);
  if (title) findings.push({ kind: 'wrong-language', where: 'document.title', text: title });
  return findings;
}

/** One line per finding ("wrong-language · where · what"), each once. */
export async function findingsOf(page: Page, locale: Locale): Promise<string[]> {
  const findings = await page.evaluate(inspect, { locale, allowed: ALLOWED_LATIN });
  return [...new Set(findings.map((f) => `${f.kind} · ${f.where} · ${f.text}`))];
}

const HEIGHTS: Record<number, number> = { 320: 640, 390: 844, 1280: 800, 1440: 900 };

/**
 * At each width: a full-page screenshot attached to the test (test-results/), then the page's
 * findings, each width's as a soft failure so one run lists all of them.
 */
export async function expectHolds(page: Page, testInfo: TestInfo, name: string, locale: Locale, widths: number[], ready?: () => Promise<unknown>) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: HEIGHTS[width] ?? 900 });
    // Let layout, fonts and ResizeObserver-driven charts settle at the new width.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.evaluate(() => document.fonts.ready);
    if (ready) await ready();
    await page.waitForTimeout(150);
    const label = `${name}-${locale}-${width}`;
    const path = testInfo.outputPath(`${label}.png`);
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(label, { path, contentType: 'image/png' });
    const findings = await findingsOf(page, locale);
    expect.soft(findings, `${label}: overflow or words in the wrong language`).toEqual([]);
  }
}
