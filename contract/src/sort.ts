import { z } from 'zod';

/** The direction of a list's order. */
export type SortDir = 'asc' | 'desc';
/** A parsed `sort` query parameter: one whitelisted field and its direction. */
export interface Sort<F extends string = string> {
  field: F;
  dir: SortDir;
}

/**
 * Builds the schema of a list's `sort` query parameter from its whitelist of fields (API.md "Conventions"):
 * `sort=name` ascending, `sort=-name` descending, absent = the list's default order. Any other value is a 400
 * naming `sort`, through the normal validation path (the allowed values are an enum, so OpenAPI lists them).
 */
export function zSort<const F extends readonly [string, ...string[]]>(fields: F) {
  const values = [...fields, ...fields.map((f) => `-${f}`)] as [string, ...string[]];
  return z
    .enum(values)
    .transform(
      (s): Sort<F[number]> => (s.startsWith('-') ? { field: s.slice(1), dir: 'desc' } : { field: s, dir: 'asc' }),
    )
    .optional();
}

/** Writes a sort back as its query value (`name` / `-name`), e.g. for links and exports. */
export function sortParam<F extends string>(sort: Sort<F>): string {
  return sort.dir === 'desc' ? `-${sort.field}` : sort.field;
}
