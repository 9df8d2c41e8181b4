import type { FastifyInstance } from 'fastify';

/**
 * The web app's Content-Security-Policy: its own scripts only (no inline script, no other origin), inline styles
 * (Ant Design writes its CSS at run time), images from the app, data: and blob: (photo previews), no framing.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every answer: no MIME sniffing, no referrer to other sites, no framing (clickjacking); the CSP on the
 * web app's pages. The API documentation page (/api/docs, Swagger UI with inline scripts) keeps its own.
 */
export function securityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (req.url.startsWith('/api/docs')) return payload;
    reply.header('x-frame-options', 'DENY');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('content-security-policy', APP_CSP);
    return payload;
  });
}
