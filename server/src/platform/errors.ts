import { type Lang, pickLang, translate } from '@rp/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  /** An i18n key (`err.*`) or an already-worded message. */
  message: string;
  params?: Record<string, unknown>;
}

/** An error that becomes a problem+json answer (API conventions); `key` is the i18n key of its title. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly errors: FieldError[] = [],
    readonly params: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

export const badRequest = (errors: FieldError[], key = 'err.validation') => new AppError(400, key, errors);
export const fieldError = (path: string, message: string, params?: Record<string, unknown>) =>
  new AppError(400, 'err.validation', [{ path, message, params }]);
export const notFound = () => new AppError(404, 'err.notFound');
export const forbidden = () => new AppError(403, 'err.forbidden');
export const unauthorized = () => new AppError(401, 'err.unauthorized');
export const conflict = (key = 'err.conflict', params: Record<string, unknown> = {}) =>
  new AppError(409, key, [], params);

/** A Zod failure raised by the request validator, kept raw so it can be worded in the caller's language. */
export class RequestValidationError extends Error {
  constructor(
    readonly issues: z.core.$ZodIssue[],
    readonly part: string,
  ) {
    super('validation');
  }
}

const zodLocales: Record<Lang, () => { localeError: z.core.$ZodErrorMap }> = {
  'zh-CN': () => zodZh,
  'en-US': () => zodEn,
};
let zodZh: { localeError: z.core.$ZodErrorMap };
let zodEn: { localeError: z.core.$ZodErrorMap };

/** Words one Zod issue: our own `err.*` keys through the dictionary, Zod's built-in ones through its locale. */
function wordIssue(lang: Lang, issue: z.core.$ZodIssue): string {
  if (issue.message?.startsWith('err.')) return translate(lang, issue.message);
  const worded = zodLocales[lang]().localeError(issue as never);
  if (typeof worded === 'string') return worded;
  if (worded && typeof worded === 'object' && 'message' in worded) return String(worded.message);
  return issue.message;
}

export function problem(
  reply: FastifyReply,
  lang: Lang,
  status: number,
  key: string,
  errors: { path: string; message: string }[],
  params?: Record<string, unknown>,
) {
  const title = translate(lang, key, params);
  const body: Record<string, unknown> = {
    type: `urn:red-property:problem:${key.replace(/^err\./, '')}`,
    title,
    status,
    detail: status === 400 ? translate(lang, 'err.validationDetail') : title,
  };
  if (errors.length) body.errors = errors;
  return reply.status(status).type('application/problem+json').send(body);
}

/** Installs the problem+json error handler and 404 handler (SPEC R-82): every bad field listed, nothing internal leaked. */
export async function installErrorHandling(app: FastifyInstance) {
  const { z } = await import('zod');
  zodZh = z.locales.zhCN();
  zodEn = z.locales.en();
  app.setErrorHandler((err: FastifyError | AppError | RequestValidationError, req: FastifyRequest, reply) => {
    const lang = req.lang ?? pickLang(req.headers['accept-language']);
    if (err instanceof RequestValidationError) {
      const prefix = err.part === 'body' ? '' : `${err.part}.`;
      const errors = err.issues.map((i) => ({
        path: prefix + i.path.map(String).join('.'),
        message: wordIssue(lang, i),
      }));
      return problem(reply, lang, 400, 'err.validation', errors);
    }
    if (err instanceof AppError) {
      const errors = err.errors.map((e) => ({
        path: e.path,
        message: e.message.startsWith('err.') ? translate(lang, e.message, e.params) : e.message,
      }));
      return problem(reply, lang, err.status, err.key, errors, err.params);
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413)
      return problem(reply, lang, 413, 'err.tooLarge', []);
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Malformed JSON, wrong content type and the like: a 400 without internals.
      const status = fe.statusCode === 415 ? 415 : 400;
      return problem(reply, lang, status, 'err.validation', [{ path: '', message: fe.message }]);
    }
    if ((err as { code?: string }).code === '23505') return problem(reply, lang, 409, 'err.duplicate', []);
    req.log.error({ err }, 'unhandled error');
    return problem(reply, lang, 500, 'err.internal', []);
  });
  app.setNotFoundHandler((req, reply) =>
    problem(reply, req.lang ?? pickLang(req.headers['accept-language']), 404, 'err.notFound', []),
  );
}
