// Every refusal a user can meet has words in both languages, and every place that throws it
// gives the figures and names its words need: the words of a reason are shared by all its
// throwers, and a missing {param} would show the key instead of a sentence. Read from the
// source with the TypeScript parser: each `new AppError(code, message, reason, { params })`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { messages } from '@/components/i18n/messages';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'generated' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}
const files = ['server', 'app'].flatMap(sources).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
// Reasons named by a constant (TOO_LARGE, FOREIGN_ORIGIN).
const constants = new Map(files.flatMap(({ text }) => [...text.matchAll(/export const ([A-Z_]+) = '([A-Z_]+)'/g)].map((m) => [m[1]!, m[2]!] as const)));

interface Thrown {
  at: string;
  code: string;
  reason: string;
  /** The params' names, or null when they are not an object literal (not checked). */
  params: string[] | null;
}

function thrown(): Thrown[] {
  const found: Thrown[] = [];
  for (const { path, text } of files) {
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && node.expression.getText() === 'AppError' && node.arguments && node.arguments.length >= 3) {
        const [code, , reasonArg, options] = node.arguments;
        const reason = reasonArg && ts.isStringLiteral(reasonArg) ? reasonArg.text : reasonArg && ts.isIdentifier(reasonArg) ? constants.get(reasonArg.text) : undefined;
        if (reason && code && ts.isStringLiteral(code)) {
          let params: string[] | null = [];
          const given = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name?.getText() === 'params') : undefined;
          if (given) {
            const value = ts.isPropertyAssignment(given) ? given.initializer : undefined;
            params = value && ts.isObjectLiteralExpression(value) ? value.properties.map((p) => p.name!.getText()) : null;
          }
          if (code.text === 'TOO_MANY_REQUESTS') params?.push('seconds');
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.push({ at: `${path}:${line}`, code: code.text, reason, params });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const words = (locale: 'zh' | 'en', reason: string) => (messages[locale].error as Record<string, unknown>)[reason];
/** The top-level ICU arguments of a message: {skuCode}, {seconds, plural, …}. */
const argumentsOf = (message: string) => new Set([...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]!));

describe('refusal words', () => {
  const all = thrown();

  it('finds the refusals', () => {
    expect(all.length).toBeGreaterThan(40);
    expect(all.map((r) => r.reason)).toEqual(expect.arrayContaining(['ABOVE_INVENTORY', 'TOO_LARGE', 'FOREIGN_ORIGIN', 'NOT_YOUR_PART']));
  });

  it('every reason has words in both languages', () => {
    const missing = all.filter((r) => typeof words('zh', r.reason) !== 'string' || typeof words('en', r.reason) !== 'string').map((r) => `${r.reason} (${r.at})`);
    expect(missing).toEqual([]);
  });

  it('every thrower gives the figures and names its words need', () => {
    const short = all.flatMap((r) => {
      if (!r.params) return [];
      const needs = new Set([...argumentsOf(String(words('zh', r.reason) ?? '')), ...argumentsOf(String(words('en', r.reason) ?? ''))]);
      const lacking = [...needs].filter((name) => !r.params!.includes(name));
      return lacking.length ? [`${r.reason} at ${r.at} lacks ${lacking.join(', ')}`] : [];
    });
    expect(short).toEqual([]);
  });
});
