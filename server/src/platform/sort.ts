import type { Sort } from '@rp/contract';
import { type AnyColumn, asc, type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** What a sort field orders by: one column or expression, or several (e.g. a natural order: length, then text). */
export type SortKey = AnyColumn | SQLWrapper | readonly (AnyColumn | SQLWrapper)[];

/**
 * Maps a parsed `sort` to ORDER BY terms: the field's keys in the asked direction, then the id ascending, so equal
 * keys keep one order and paging never repeats or skips a row. Without `sort`, the list's default order (+ the id).
 */
export function orderByOf<F extends string>(
  sort: Sort<F> | undefined,
  keys: Record<F, SortKey>,
  id: AnyColumn | SQLWrapper,
  defaults: readonly SQL[],
): SQL[] {
  if (!sort) return [...defaults, asc(id)];
  // Empty values last in both directions (PostgreSQL would put NULLs first when descending), as sortRows does.
  const dir =
    sort.dir === 'desc'
      ? (x: AnyColumn | SQLWrapper) => sql`${x} desc nulls last`
      : (x: AnyColumn | SQLWrapper) => asc(x);
  const k = keys[sort.field];
  const list = Array.isArray(k) ? (k as readonly (AnyColumn | SQLWrapper)[]) : [k as AnyColumn | SQLWrapper];
  return [...list.map((x) => dir(x)), asc(id)];
}

type Value = string | number | boolean | null | undefined;
const zh = new Intl.Collator('zh');

/**
 * The in-memory counterpart of `orderByOf`, for lists assembled in code: strings by the Chinese collation, numbers
 * and booleans by value, empty values last; then the id. Without `sort` the rows keep the order they came in.
 */
export function sortRows<T, F extends string>(
  list: T[],
  sort: Sort<F> | undefined,
  keys: Record<F, (row: T) => Value>,
  idOf: (row: T) => string,
): T[] {
  if (!sort) return list;
  const key = keys[sort.field];
  const sign = sort.dir === 'desc' ? -1 : 1;
  const cmp = (a: Value, b: Value) => {
    if (a === b) return 0;
    if (a === null || a === undefined || a === '') return 1;
    if (b === null || b === undefined || b === '') return -1;
    if (typeof a === 'string' && typeof b === 'string') return sign * zh.compare(a, b);
    return sign * (a < b ? -1 : 1);
  };
  return [...list].sort((a, b) => cmp(key(a), key(b)) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
}
