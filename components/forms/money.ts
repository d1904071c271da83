// Money is typed in 元 and sent as whole fen. The server's fen schema stays the judge of the
// number (its maximum is read from it, and the fen figure is piped through it); what only a
// typed amount can get wrong — empty, not a number, three decimals — is said here, in the
// `invalid.money.*` words.
import { z } from 'zod';

/** How a typed amount is wrong, in order: the first that applies is said. */
export function yuanProblem(text: string, maxFen: number): { key: string; params?: Record<string, number> } | null {
  const value = text.trim();
  if (value === '') return { key: 'invalid.money.required' };
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return { key: 'invalid.money.format' };
  if (Number(value) <= 0) return { key: 'invalid.money.positive' };
  if ((value.split('.')[1] ?? '').length > 2) return { key: 'invalid.money.decimals' };
  if (yuanToFen(value) > maxFen) return { key: 'invalid.money.max', params: { max: Math.floor(maxFen / 100) } };
  return null;
}

/** "19.9" → 1990. Only for text yuanProblem accepted. */
export function yuanToFen(text: string): number {
  const [whole = '0', part = ''] = text.trim().replace(/^\+/, '').split('.');
  return Number(whole || '0') * 100 + Number(part.padEnd(2, '0').slice(0, 2));
}

/** Fen shown as typed 元 in a field ("19.90"). */
export function fenToYuanText(fen: number): string {
  return (fen / 100).toFixed(2);
}

type Problem = 'required' | 'format' | 'positive' | 'decimals' | 'max';

/**
 * A text field of 元 that parses to the fen the server's `fen` schema takes. `words` names a
 * price of its own kind where the general words would be vague (a flash price: 请填写秒杀价).
 */
export function yuan(fen: z.ZodNumber, words: Partial<Record<Problem, `invalid.${string}`>> = {}) {
  const maxFen = fen.maxValue ?? Number.MAX_SAFE_INTEGER;
  return z
    .string()
    .superRefine((text, ctx) => {
      const problem = yuanProblem(text, maxFen);
      if (!problem) return;
      const key = words[problem.key.slice('invalid.money.'.length) as Problem] ?? problem.key;
      ctx.addIssue({ code: 'custom', message: key, params: problem.params, input: text });
    })
    .transform(yuanToFen)
    .pipe(fen);
}
