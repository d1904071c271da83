// The words of a comment: how its text is cleaned, how a shop's banned words are found and
// masked, and which item's keyword it names (comment-to-buy). Pure functions, shared by the
// zod schema (browser and server) and the service.

export const COMMENT_MAX_CHARS = 60;
export const MASK = '＊';
/** Taps a client sends in one call (one call per 500 ms at most). */
export const LIKES_PER_CALL = 50;
/** The desk's choices of how long a mute lasts, in minutes. */
export const MUTE_MINUTES = [5, 10, 30, 60, 24 * 60] as const;

/**
 * Plain text on one line: line breaks and runs of white space become one space, control and
 * format characters (bidi overrides, zero-width joiners, private use) go, the ends are trimmed.
 * Clients render it as text, so markup stays letters; nothing is stripped for looking like HTML.
 */
export function cleanCommentText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, '')
    .trim();
}

/** Characters as a person counts them (an emoji is one), not UTF-16 units. */
export const charCount = (text: string) => [...text].length;

/**
 * Matching ignores case, width (１号 = 1号) and the spaces and punctuation put between letters to
 * get past a filter ("傻 逼", "s.b"). Each folded character remembers the original it came from.
 */
function fold(text: string): { folded: string; from: number[] } {
  const chars = [...text];
  let folded = '';
  const from: number[] = [];
  chars.forEach((ch, i) => {
    if (/[\s\p{P}]/u.test(ch)) return;
    for (const f of ch.normalize('NFKC').toLowerCase()) {
      folded += f;
      from.push(i);
    }
  });
  return { folded, from };
}

const foldWord = (word: string) => fold(word).folded;

/** The shop's words, cleaned for storing: trimmed, without duplicates (as folded), none empty. */
export function normalizeBannedWords(words: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of words) {
    const word = cleanCommentText(raw);
    const key = foldWord(word);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

/** Every character of a banned word found in the text becomes ＊. */
export function maskBannedWords(text: string, banned: string[]): { text: string; masked: boolean } {
  if (banned.length === 0) return { text, masked: false };
  const { folded, from } = fold(text);
  const hide = new Set<number>();
  for (const word of banned) {
    const w = foldWord(word);
    if (!w) continue;
    for (let at = folded.indexOf(w); at !== -1; at = folded.indexOf(w, at + 1)) {
      for (let k = at; k < at + w.length; k++) hide.add(from[k]!);
    }
  }
  if (hide.size === 0) return { text, masked: false };
  return { text: [...text].map((ch, i) => (hide.has(i) ? MASK : ch)).join(''), masked: true };
}

export interface Keyword {
  roomGoodsId: number;
  spuId: number;
  keyword: string;
}

const isDigit = (ch: string | undefined) => ch !== undefined && /\p{Nd}/u.test(ch);

/**
 * The item a comment asks for: its keyword appears in the comment ("扣1号", "想要！"). A keyword
 * that starts or ends with a digit must not be part of a longer number ("11号" is not "1号").
 * The longest keyword found wins ("想要2号" names 2号 before 想要).
 */
export function matchKeyword(text: string, keywords: Keyword[]): Keyword | null {
  const { folded } = fold(text);
  let best: Keyword | null = null;
  let bestLength = 0;
  for (const k of keywords) {
    const w = foldWord(k.keyword);
    if (!w || w.length <= bestLength) continue;
    for (let at = folded.indexOf(w); at !== -1; at = folded.indexOf(w, at + 1)) {
      const before = folded[at - 1];
      const after = folded[at + w.length];
      if ((isDigit(w[0]) && isDigit(before)) || (isDigit(w[w.length - 1]) && isDigit(after))) continue;
      best = k;
      bestLength = w.length;
      break;
    }
  }
  return best;
}

/** Two keywords of one room that would read the same. */
export const sameKeyword = (a: string, b: string) => foldWord(a) === foldWord(b);
