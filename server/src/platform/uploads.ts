import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { uploads } from '../db/schema';
import { audit } from './audit';
import { type Ctx, inTx } from './context';
import { AppError, fieldError } from './errors';

/** Accepted evidence photo types, recognised by their first bytes (never by the name a client sends). */
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { mime: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
];

export function sniffImage(buf: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(buf))?.mime ?? null;
}

export const uploadPath = (dataDir: string, id: string) => path.join(dataDir, 'uploads', id.slice(0, 2), id);

/** Stores an uploaded photo under the data folder and records it (owned by the uploader until linked). */
export async function saveUpload(ctx: Ctx, dataDir: string, filename: string, buf: Buffer) {
  const mime = sniffImage(buf);
  if (!mime) throw new AppError(400, 'err.validation', [{ path: 'file', message: 'err.imageType' }]);
  return inTx(ctx, async (c) => {
    const [row] = await c.db
      .insert(uploads)
      .values({
        accountId: ctx.actor.id,
        filename: filename.slice(0, 200),
        mime,
        size: buf.length,
        sha256: createHash('sha256').update(buf).digest('hex'),
        createdAt: ctx.now(),
      })
      .returning();
    const file = uploadPath(dataDir, row.id);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, buf);
    await audit(c, {
      action: 'upload',
      entity: 'upload',
      entityId: row.id,
      after: { filename: row.filename, mime, size: row.size, sha256: row.sha256 },
    });
    return { id: row.id, mime, size: row.size, url: `/api/v1/uploads/${row.id}` };
  });
}

/** Links the caller's own, not yet linked uploads to a record; any other id is a 400 on the field. */
export async function claimUploads(ctx: Ctx, ids: string[], field: string) {
  if (!ids.length) return;
  const mine = await ctx.db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(inArray(uploads.id, ids), eq(uploads.accountId, ctx.actor.id), eq(uploads.linked, false)));
  const ok = new Set(mine.map((m) => m.id));
  const bad = ids.findIndex((id) => !ok.has(id));
  if (bad >= 0) throw fieldError(`${field}.${bad}`, 'err.uploadMissing');
  await ctx.db.update(uploads).set({ linked: true }).where(inArray(uploads.id, ids));
}
