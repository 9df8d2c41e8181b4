import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { i18n } from './i18n';

/** Words a Zod issue: the contract's `err.*` keys through i18next, Zod's own messages through its active locale. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const m = issue.message;
  if (m.startsWith('err.')) return i18n.t(m as 'err.validation');
  // Plain wording for the two most common length rules; the rest in Zod's own (localised) words.
  if (issue.code === 'too_small' && issue.origin === 'string') return i18n.t('common.tooShort', { min: issue.minimum });
  if (issue.code === 'too_big' && issue.origin === 'string') return i18n.t('common.tooLong', { max: issue.maximum });
  return m;
}

/**
 * An antd rule that validates a filled-in field with the contract's Zod schema, so client and server agree
 * (ARCHITECTURE.md); presence is the `required` rule's job, so empty values pass here.
 */
export function zodRule(schema: z.ZodType): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const r = schema.safeParse(value);
      if (!r.success) throw new Error(issueMessage(r.error.issues[0]));
    },
  };
}

/** Checks a form's request body with the contract schema; puts every issue on its field and returns false if any. */
export function zodCheck(form: FormInstance, schema: z.ZodType, body: unknown): boolean {
  const r = schema.safeParse(body);
  if (r.success) return true;
  form.setFields(
    r.error.issues.map((i) => ({
      name: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      errors: [issueMessage(i)],
    })),
  );
  return false;
}
