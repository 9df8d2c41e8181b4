import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../src/db/client';
import { rows } from '../src/db/client';
import type { Caller } from './fixtures';

/** Reads a paged list page by page (small pages, so ties straddle page boundaries) and returns every item in order. */
export async function allPages<T = Record<string, unknown>>(caller: Caller, url: string, pageSize = 2): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await caller.get(`${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=${pageSize}`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    out.push(...body.items);
    if (page * pageSize >= body.total) {
      expect(out).toHaveLength(body.total);
      return out;
    }
  }
}

/** Ids of a list with no id seen twice (a page boundary never repeats a row). */
export function idsOnce(items: { id?: string; estateId?: string }[]): string[] {
  const ids = items.map((i) => (i.id ?? i.estateId) as string);
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

/** Asserts a 400 problem+json that names the `sort` parameter (`querystring.sort`). */
export function expectSortRejected(r: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(r.statusCode).toBe(400);
  expect(String(r.headers['content-type'])).toContain('application/problem+json');
  expect((r.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['querystring.sort']);
}

/** Rows in the audit log: a rejected request must leave it as it was. */
export async function auditRows(db: Db): Promise<number> {
  return (await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`))[0].n;
}
