import { z } from 'zod';

/** Limits shared by the server's validators and the web forms' maxLength. */
export const LIMITS = {
  name: 100,
  shortText: 200,
  longText: 5000,
  pageSizeMax: 200,
  uploadBytes: 20 * 1024 * 1024,
  importRows: 50_000,
} as const;

export const ZId = z.string().min(1).max(64);
export const ZDate = z.iso.date();
export const ZDateTime = z.iso.datetime({ offset: true });
/** Areas travel as decimal strings with at most two places (SPEC R-03, API conventions). */
export const ZAreaM2 = z
  .string()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, { message: 'err.area' })
  .or(
    z
      .number()
      .nonnegative()
      .transform((n, ctx) => {
        const s = String(n);
        if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) {
          ctx.addIssue({ code: 'custom', message: 'err.area' });
          return z.NEVER;
        }
        return s;
      }),
  );
export const ZPhone = z.string().regex(/^[0-9+\-() ]{5,20}$/, { message: 'err.phone' });

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});
export type PageQuery = z.infer<typeof ZPageQuery>;

/** Builds the `{ items, total, page, pageSize }` list envelope schema. */
export function zPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Converts an area string like "89.5" into integer hundredths of a m² (exact, never floating point). */
export function areaToHundredths(area: string): number {
  const [int, frac = ''] = area.split('.');
  return Number(int) * 100 + Number(`${frac}00`.slice(0, 2));
}

/** Formats integer hundredths of a m² as a two-decimal string ("89.50"). */
export function hundredthsToArea(h: number | bigint): string {
  const n = BigInt(h);
  const neg = n < 0n;
  const a = neg ? -n : n;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}
