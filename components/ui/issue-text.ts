// A broken input rule in the viewer's words: the schema's own key when it has one, else
// generic words by zod's code, filled with the issue's figures (limits, kind of value).
import type { MessageKey, MessageValues } from '@/components/i18n/messages';
import type { IssueCode } from '@/server/validation';

type T = (key: MessageKey, values?: MessageValues) => string;
type Has = (key: string) => key is MessageKey;

export function issueText(t: T, has: Has, issue: Pick<IssueCode, 'code' | 'key' | 'params'>): string {
  const params = issue.params ?? {};
  if (issue.key && has(issue.key)) return t(issue.key, params);
  if (issue.code === 'too_small') {
    if (params.origin === 'string' && params.minimum === 1) return t('invalid.generic.required');
    if (params.origin === 'array' || params.origin === 'set') return t('invalid.generic.tooFewItems', params);
    if (params.origin === 'string') return t('invalid.generic.tooShort', params);
    return t('invalid.generic.tooSmall', params);
  }
  if (issue.code === 'too_big') {
    if (params.origin === 'array' || params.origin === 'set') return t('invalid.generic.tooManyItems', params);
    if (params.origin === 'string') return t('invalid.generic.tooLong', params);
    return t('invalid.generic.tooBig', params);
  }
  if (issue.code === 'invalid_type') return t('invalid.generic.required');
  if (issue.code === 'invalid_format') return t('invalid.generic.format');
  if (issue.code === 'not_multiple_of') return t('invalid.generic.multipleOf', params);
  return t('invalid.generic.other');
}
