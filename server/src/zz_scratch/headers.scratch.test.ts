import path from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { freshDatabase } from '../../test/db';

let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  const database = await freshDatabase();
  const config = { ...loadConfig({}), webDist: path.resolve(import.meta.dirname, '../../../web/dist'), dataDir: '/tmp/zzdata' };
  app = await buildApp({ database, config });
});
afterAll(() => app?.close());
it('headers', async () => {
  const assets = (await import('node:fs')).readdirSync(path.resolve(import.meta.dirname, '../../../web/dist/assets'));
  const urls = ['/', '/login', '/estates/x', `/assets/${assets[0]}`, '/api/nope', '/api/v1/nope', '/api/v1/auth/me', '/%', '/api/docs', '/api/docs/', '/api/docs/static/index.html', '/api/openapi.json', '/api/health', '/%2e%2e/etc/passwd', '/assets/missing.js', '/api/docsx'];
  for (const url of urls) {
    const r = await app.inject({ method: 'GET', url });
    console.log(url, r.statusCode, r.headers['content-type'], '| nosniff', r.headers['x-content-type-options'], '| xfo', r.headers['x-frame-options'], '| csp', String(r.headers['content-security-policy'] ?? '').slice(0, 30), '| ref', r.headers['referrer-policy']);
  }
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{bad' });
  console.log('badjson', r.statusCode, r.headers['x-content-type-options'], r.headers['x-frame-options']);
  const h = await app.inject({ method: 'HEAD', url: '/' });
  console.log('HEAD /', h.statusCode, h.headers['content-type'], h.headers['content-security-policy']?.toString().slice(0,20));
  const o = await app.inject({ method: 'OPTIONS', url: '/api/v1/auth/me' });
  console.log('OPTIONS', o.statusCode, o.headers['x-content-type-options']);
});
