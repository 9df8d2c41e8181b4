import type { FastifyInstance, FastifyReply } from 'fastify';

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
 * web app's pages (not on the API documentation, /api/docs: Swagger UI runs inline scripts).
 */
export function securityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    setSecurityHeaders(reply, req.url);
    return payload;
  });
}

/** The headers themselves (also for answers Fastify sends before routing, such as a malformed URL). */
export function setSecurityHeaders(reply: FastifyReply, url: string) {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
  reply.header('x-frame-options', 'DENY');
  const docs = url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');
  const type = String(reply.getHeader('content-type') ?? '');
  if (type.startsWith('text/html') && !docs) reply.header('content-security-policy', APP_CSP);
}
