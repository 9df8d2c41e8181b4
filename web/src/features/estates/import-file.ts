import { IMPORT_COLUMNS } from '@rp/contract';

/**
 * The template's columns and sample row. The server reads these Chinese column names and 是/否 whatever the
 * interface language (API.md "Registry"), so they are file content, not interface labels.
 */
export const TEMPLATE_ROWS: string[][] = [
  [...IMPORT_COLUMNS, '业主类型'],
  ['1', '1', '101', '89.50', '是', '张三', '13800000000', '个人'],
];
