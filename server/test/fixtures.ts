import { randomUUID } from 'node:crypto';
import type { Role } from '@rp/contract';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/db/client';
import { accounts, apiTokens } from '../src/db/schema';
import { randomToken, sha256 } from '../src/platform/auth';
import { hashPassword } from '../src/platform/password';

export interface Caller {
  token: string;
  accountId: string;
  get(url: string, headers?: Record<string, string>): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
  upload(url: string, filename: string, content: Buffer | string): Promise<Res>;
}
export interface Res {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  rawPayload: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  json(): any;
}

let cachedHash: string | undefined;

/** Creates an account straight in the database (fast, for fixtures) and returns a caller using an API token. */
export async function makeCaller(
  app: FastifyInstance,
  db: Db,
  role: Role,
  scope: { orgUnitId?: string; companyId?: string; estateId?: string; ownerId?: string; departmentId?: string } = {},
  username = `${role}-${randomUUID().slice(0, 8)}`,
): Promise<Caller> {
  cachedHash ??= await hashPassword('password-123');
  const [acc] = await db
    .insert(accounts)
    .values({ username, displayName: username, passwordHash: cachedHash, role, ...scope })
    .returning();
  const token = `rp_${randomToken()}`;
  await db.insert(apiTokens).values({ accountId: acc.id, name: 'test', tokenHash: sha256(token) });
  return callerFor(app, token, acc.id);
}

/** A caller for an existing token. */
export function callerFor(app: FastifyInstance, token: string, accountId = ''): Caller {
  const auth = { authorization: `Bearer ${token}` };
  return {
    token,
    accountId,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { ...auth, ...headers } }) as never,
    post: (url, body) => app.inject({ method: 'POST', url, headers: auth, payload: body as never }) as never,
    put: (url, body) => app.inject({ method: 'PUT', url, headers: auth, payload: body as never }) as never,
    upload: (url, filename, content) => {
      const boundary = `----rp${randomUUID()}`;
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
      const payload = Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return app.inject({
        method: 'POST',
        url,
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      }) as never;
    },
  };
}

/** Valid GB 32100 credit codes for fixtures: 17 characters plus the computed check character. */
export { usccCheckChar } from '@rp/contract';

export async function accountIdOf(db: Db, username: string) {
  const [a] = await db.select().from(accounts).where(eq(accounts.username, username));
  return a?.id;
}

/** A small city: one city, two districts, two streets, three communities, with admin and bureau callers. */
export async function buildCity(app: FastifyInstance, db: Db) {
  const admin = await makeCaller(app, db, 'admin');
  const ok = (r: Res, code = 201) => {
    if (r.statusCode !== code) throw new Error(`expected ${code}, got ${r.statusCode}: ${r.body}`);
    return r.json();
  };
  const city = ok(await admin.post('/api/v1/org-units', { name: '示范市', kind: 'city' }));
  const zone = ok(
    await admin.post('/api/v1/org-units', {
      name: '经开区',
      kind: 'district',
      parentId: city.id,
      isDevelopmentZone: true,
    }),
  );
  const district = ok(await admin.post('/api/v1/org-units', { name: '东城区', kind: 'district', parentId: city.id }));
  const streetA = ok(await admin.post('/api/v1/org-units', { name: '东风街道', kind: 'street', parentId: zone.id }));
  const streetB = ok(
    await admin.post('/api/v1/org-units', { name: '和平街道', kind: 'street', parentId: district.id }),
  );
  const commA1 = ok(
    await admin.post('/api/v1/org-units', { name: '幸福社区', kind: 'community', parentId: streetA.id }),
  );
  const commA2 = ok(
    await admin.post('/api/v1/org-units', { name: '光明社区', kind: 'community', parentId: streetA.id }),
  );
  const commB1 = ok(
    await admin.post('/api/v1/org-units', { name: '和谐社区', kind: 'community', parentId: streetB.id }),
  );
  const companyA = ok(
    await admin.post('/api/v1/companies', { name: '红星物业服务有限公司', uscc: uscc('91370100MA3C0001') }),
  );
  const companyB = ok(
    await admin.post('/api/v1/companies', { name: '安居物业管理有限公司', uscc: uscc('91370100MA3C0002') }),
  );
  const estateA = ok(
    await admin.post('/api/v1/estates', {
      name: '幸福家园',
      communityId: commA1.id,
      managementMode: 'company',
      companyId: companyA.id,
    }),
  );
  const estateA2 = ok(
    await admin.post('/api/v1/estates', { name: '光明小区', communityId: commA2.id, managementMode: 'none' }),
  );
  const estateB = ok(
    await admin.post('/api/v1/estates', {
      name: '和谐苑',
      communityId: commB1.id,
      managementMode: 'company',
      companyId: companyB.id,
    }),
  );
  return {
    admin,
    ok,
    city,
    zone,
    district,
    streetA,
    streetB,
    commA1,
    commA2,
    commB1,
    companyA,
    companyB,
    estateA,
    estateA2,
    estateB,
  };
}

/** Pads a 16-character stem with a digit and appends the GB 32100 check character. */
export function uscc(stem16: string, digit = '0'): string {
  const first17 = (stem16 + digit).slice(0, 17);
  return first17 + usccCheck(first17)!;
}

import { usccCheckChar as usccCheck } from '@rp/contract';
