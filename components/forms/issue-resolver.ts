// The browser runs the server's own input schemas: a react-hook-form resolver that describes each
// broken rule the way the server does (describeIssue) and words it the way the page words a
// server refusal (issueText), so "最多 120 个字" reads the same before and after a request.
import { toNestErrors, validateFieldsNatively } from '@hookform/resolvers';
import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import type { MessageKey, MessageValues } from '@/components/i18n/messages';
import { issueText } from '@/components/ui/issue-text';
import { describeIssue, type IssueCode } from '@/server/validation';

export interface Words {
  t: (key: MessageKey, values?: MessageValues) => string;
  has: (key: string) => key is MessageKey;
}

/**
 * Where an issue's path is shown: the form field's name, or null for the form as a whole.
 * A form whose field holds what the schema splits (spec values typed as "黑,白") folds the
 * element's path ("specDefs.0.values.1") into the field's.
 */
export type FieldOf = (path: string) => string | null;

/** A field error that remembers its issue, so it can be worded again in another language. */
export type IssueError = FieldError & { issue?: IssueCode };

export const ROOT_ERROR = 'root.server';

const identity: FieldOf = (path) => path || null;

/** The first issue of each field, worded; issues of no field go to `root.server`. */
export function issueErrors(issues: readonly IssueCode[], words: Words, fieldOf: FieldOf = identity): Record<string, IssueError> {
  // A null prototype: a field named like an Object member (constructor…) is still a field.
  const errors: Record<string, IssueError> = Object.create(null);
  for (const issue of issues) {
    const name = fieldOf(issue.path) ?? ROOT_ERROR;
    if (errors[name]) continue;
    errors[name] = { type: issue.code, message: issueText(words.t, words.has, issue), issue };
  }
  return errors;
}

/**
 * A resolver for react-hook-form that parses with `schema` (its output, e.g. fen from typed 元,
 * is what the submit handler gets) and reports its issues in the user's words.
 * `words` is read at each run: the resolver follows a language switch.
 */
export function issueResolver<S extends z.ZodType<unknown, FieldValues>>(
  schema: S,
  words: Words | (() => Words),
  fieldOf: FieldOf = identity,
): Resolver<z.input<S>, unknown, z.output<S>> {
  return async (values, _context, options) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) {
      if (options.shouldUseNativeValidation) validateFieldsNatively({}, options);
      return { values: result.data, errors: {} };
    }
    const current = typeof words === 'function' ? words() : words;
    const errors = issueErrors(result.error.issues.map(describeIssue), current, fieldOf);
    return { values: {}, errors: toNestErrors(errors, options) };
  };
}

/** The issues of a server refusal (tRPC's `data.zod.issues`), as the server described them. */
export function serverIssues(error: unknown): IssueCode[] {
  const raw = (error as { data?: { zod?: { issues?: unknown } | null } | null } | null)?.data?.zod?.issues;
  return Array.isArray(raw) ? raw.filter((item): item is IssueCode => typeof (item as IssueCode | null)?.path === 'string' && typeof (item as IssueCode).code === 'string') : [];
}
