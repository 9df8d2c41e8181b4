import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
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

/** A PDF (scanned receipts, invoices): `%PDF-` at the start. Accepted as an upload, but only documents may use it. */
// `%PDF-` within the first 1,024 bytes, where readers look for it (some scanners write a few bytes before it).
const isPdf = (b: Buffer) => b.subarray(0, 1024).includes('%PDF-', 0, 'latin1');
export const IMAGE_MIMES = SIGNATURES.map((s) => s.mime);
export const DOCUMENT_MIMES = [...IMAGE_MIMES, 'application/pdf'];

/** The upload's type from its first bytes: an image, a PDF, or null for anything else. */
export function sniffUpload(buf: Buffer): string | null {
  return sniffImage(buf) ?? (isPdf(buf) ? 'application/pdf' : null);
}

export const uploadPath = (dataDir: string, id: string) => path.join(dataDir, 'uploads', id.slice(0, 2), id);

/**
 * Stores an uploaded photo or PDF under the data folder and records it (owned by the uploader until linked). What a
 * record may link is checked when it claims the upload: issue photos must be images.
 */
export async function saveUpload(ctx: Ctx, dataDir: string, filename: string, buf: Buffer) {
  const mime = sniffUpload(buf);
  if (!mime) throw new AppError(400, 'err.validation', [{ path: 'file', message: 'err.uploadType' }]);
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

/**
 * Links the caller's own, not yet linked uploads to a record; any other id is a 400 on the field, and so is an
 * upload of a type the record does not take (`mimes`: images by default; documents also take PDFs).
 */
export async function claimUploads(ctx: Ctx, ids: string[], field: string, mimes: readonly string[] = IMAGE_MIMES) {
  if (!ids.length) return;
  const mine = await ctx.db
    .select({ id: uploads.id, mime: uploads.mime })
    .from(uploads)
    .where(and(inArray(uploads.id, ids), eq(uploads.accountId, ctx.actor.id), eq(uploads.linked, false)));
  const mimeOf = new Map(mine.map((m) => [m.id, m.mime]));
  const bad = ids.findIndex((id) => !mimeOf.has(id));
  if (bad >= 0) throw fieldError(`${field}.${bad}`, 'err.uploadMissing');
  const wrong = ids.findIndex((id) => !mimes.includes(mimeOf.get(id)!));
  if (wrong >= 0) throw fieldError(`${field}.${wrong}`, 'err.imageType');
  await ctx.db.update(uploads).set({ linked: true }).where(inArray(uploads.id, ids));
}

/**
 * Sends a stored upload: images inline, PDFs as a download (a PDF opened inside the app's origin could run its own
 * scripts in some viewers), each with a sandboxing CSP and private caching.
 */
export function sendUpload(reply: FastifyReply, u: { mime: string; filename: string }, file: string) {
  const pdf = u.mime === 'application/pdf';
  return reply
    .type(u.mime)
    .header('cache-control', 'private, max-age=86400')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('content-disposition', contentDisposition(pdf ? 'attachment' : 'inline', u.filename, u.mime))
    .send(createReadStream(file));
}

const EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/**
 * The Content-Disposition of a stored file: the name the uploader gave, but with the extension of the type its
 * bytes show (a PDF named evil.html downloads as evil.pdf), as an ASCII fallback and RFC 8187 UTF-8.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string, mime: string) {
  const ext = EXTENSION[mime] ?? 'bin';
  const stem = (filename || 'file').replace(/\.[^.]*$/, '').slice(0, 150) || 'file';
  const name = `${stem}.${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
