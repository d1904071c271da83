'use client';

import { useState, type ElementType } from 'react';

/**
 * User content on one line: cut with … when too long, the whole text on hover (title) and on a
 * tap (which unfolds it in place, another tap folds it back). Never translated.
 */
export function TruncatedText({ text, as: Tag = 'span', className = '', testId }: { text: string; as?: ElementType; className?: string; testId?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Tag
      translate="no"
      title={text}
      data-testid={testId}
      data-expanded={open || undefined}
      onClick={() => setOpen((v) => !v)}
      className={`${open ? 'break-words whitespace-normal' : 'truncate'} ${className}`}
    >
      {text}
    </Tag>
  );
}
