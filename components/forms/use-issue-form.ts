'use client';

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useForm, type FieldValues, type Path, type UseFormProps, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { useI18n } from '@/components/providers/i18n-provider';
import { issueErrors, issueResolver, serverIssues, type FieldOf, type Words } from './issue-resolver';

const identity: FieldOf = (path) => path || null;

/**
 * Puts a server refusal's issues on the fields they name and the rest on the form (root.server);
 * what the user typed stays. Returns whether the refusal had issues at all — when not (sold
 * out, not found …), the form shows it as a banner.
 */
export function applyServerIssues<T extends FieldValues>(setError: UseFormReturn<T>['setError'], error: unknown, words: Words, fieldOf: FieldOf = identity): boolean {
  const errors = issueErrors(serverIssues(error), words, fieldOf);
  for (const [name, fieldError] of Object.entries(errors)) setError(name as Path<T>, fieldError);
  return Object.keys(errors).length > 0;
}

/**
 * react-hook-form with a server schema: checked when a field is left and then as it is typed,
 * worded like the server's refusals. Give the <form> `ref={bindForm}` and submit through
 * `submit(onValid)`: after a refused submit — by the schema here or by the server, placed with
 * `refuse(error)` — the first control marked invalid, in the page's order, takes the focus.
 */
export function useIssueForm<S extends z.ZodType<unknown, FieldValues>>(
  schema: S,
  { fieldOf = identity, ...props }: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, 'resolver'> & { fieldOf?: FieldOf } = {},
) {
  const { t, has } = useI18n();
  const resolver = useMemo(() => issueResolver(schema, { t, has }, fieldOf), [schema, t, has, fieldOf]);
  // Focus is ours, not react-hook-form's: it focuses in the order fields registered, which is
  // not the page's order once rows are added or a control registers through a Controller.
  const form = useForm<z.input<S>, unknown, z.output<S>>({ mode: 'onTouched', ...props, shouldFocusError: false, resolver });
  // A callback ref: the form element is state, read by the focus effect only.
  const [formElement, bindForm] = useState<HTMLFormElement | null>(null);
  // Focus moves after the errors are on screen: a submit's come with its count, a refusal's with a request.
  const [focusRequest, setFocusRequest] = useState(0);
  const { submitCount } = form.formState;
  useEffect(() => {
    if (!submitCount && !focusRequest) return;
    const first = formElement?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // Centred, not at the top edge, where a sticky header would cover it.
    first?.focus({ preventScroll: true });
    first?.scrollIntoView({ block: 'center' });
  }, [submitCount, focusRequest, formElement]);

  const { handleSubmit, setError } = form;
  const submit = useCallback((onValid: (values: z.output<S>) => unknown) => (event?: FormEvent) => handleSubmit(onValid)(event), [handleSubmit]);
  const refuse = useCallback(
    (error: unknown, serverFieldOf: FieldOf = fieldOf) => {
      const placed = applyServerIssues(setError, error, { t, has }, serverFieldOf);
      if (placed) setFocusRequest((n) => n + 1);
      return placed;
    },
    [setError, t, has, fieldOf],
  );
  return { ...form, bindForm, submit, refuse };
}
