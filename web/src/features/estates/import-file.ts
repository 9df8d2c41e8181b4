import { IMPORT_COLUMNS } from '@rp/contract';
import type { ApiError } from '../../app/api';

/**
 * The template's columns and sample row. The server reads these Chinese column names and 是/否 whatever the
 * interface language (API.md "Registry"), so they are file content, not interface labels.
 */
export const TEMPLATE_ROWS: string[][] = [
  [...IMPORT_COLUMNS, '业主类型'],
  ['1', '1', '101', '89.50', '是', '张三', '13800000000', '个人'],
];

/** One row error of a refused import (row null = the file as a whole). */
export interface RowError {
  key: number;
  row: number | null;
  column: string;
  message: string;
}

/** Turns a refused import's problem (paths like `rows.3.面积`, `rows.0` for the file) into row errors. */
export function rowErrorsOf(err: ApiError): RowError[] {
  const list = err.problem.errors?.length ? err.problem.errors : [{ path: '', message: err.problem.title }];
  return list.map((e, key) => {
    const m = e.path.match(/^rows\.(\d+)(?:\.(.+))?$/);
    const row = m ? Number(m[1]) : null;
    return { key, row: row === 0 ? null : row, column: m?.[2] ?? '', message: e.message };
  });
}
