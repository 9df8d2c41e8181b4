import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/db';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('OpenAPI', () => {
  it('publishes OpenAPI 3.1 generated from the validating schemas', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/org-units',
      '/api/v1/estates/{id}',
      '/api/v1/estates/{id}/dwellings/import',
      '/api/v1/accounts',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    // The credit-code field of the company schema comes from the same Zod schema that validates requests.
    const body = doc.paths['/api/v1/companies'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'uscc']));
  });

  it('serves the browsable docs page', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger');
  });

  it('answers unknown API paths with problem+json 404', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('R-82: malformed JSON is a 400 problem without internals', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toMatch(/at .*\.js|node_modules/);
  });
});
