import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from './api';
import { i18n } from './i18n';

/** Splits a server path ("scope.orgUnitId", "rows.3.面积") into an antd field name. */
export function toNamePath(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Shows an API error: the problem's title as a message, and its `errors` on the form's fields by path
 * (API.md conventions); errors whose path is not a field of the form are listed in the message.
 */
export function useProblemHandler() {
  const { message } = App.useApp();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!(err instanceof ApiError)) {
        message.error(err instanceof Error ? err.message : String(err));
        return;
      }
      const errors = err.problem.errors ?? [];
      const registered = new Set((form?.getFieldsError() ?? []).map((f) => f.name.join('.')));
      const onForm = errors.filter((e) => registered.has(e.path));
      const elsewhere = errors.filter((e) => !registered.has(e.path));
      if (form && onForm.length) {
        const byPath = new Map<string, string[]>();
        for (const e of onForm) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e.message]);
        form.setFields([...byPath].map(([path, msgs]) => ({ name: toNamePath(path), errors: msgs })));
      }
      const extra = elsewhere.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
      message.error(
        extra ? `${err.problem.title} — ${i18n.t('common.fieldErrors', { list: extra })}` : err.problem.title,
      );
    },
    [message],
  );
}
