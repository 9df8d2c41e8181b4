import type { Db } from '../db/client';

/** Seeds the demo city on an empty database; returns null when data already exists. */
export async function seedDemo(_db: Db): Promise<{ summary: string } | null> {
  return null;
}
