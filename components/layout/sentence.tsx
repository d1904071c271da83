'use client';

import { Fragment } from 'react';

const mark = (i: number) => `\u0000${i}\u0000`;

/**
 * A sentence in the user's language with user content in it (a buyer's name, a goods title, a
 * search): the content is set apart as `translate="no"`, so it is neither translated by the
 * browser nor taken for words in the wrong language.
 * `<Sentence words={(v) => t('orders.justBought', v)} values={{ buyer, title }} />`
 */
export function Sentence({ words, values, valueClassName }: { words: (marks: Record<string, string>) => string; values: Record<string, string>; valueClassName?: string }) {
  const names = Object.keys(values);
  const text = words(Object.fromEntries(names.map((name, i) => [name, mark(i)])));
  const parts = text.split(/\u0000(\d+)\u0000/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 0 ? (
          <Fragment key={i}>{part}</Fragment>
        ) : (
          <span key={i} translate="no" className={valueClassName}>
            {values[names[Number(part)]!]}
          </span>
        ),
      )}
    </>
  );
}
