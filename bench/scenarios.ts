import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { Api, pool } from './api';
import type { Raw } from './bulk';
import { largeEstateCsv, prng } from './dataset';
import { quantile } from './metrics';

/**
 * The scenarios added to the estate-list benchmark: the accounts each one acts as, the two large estates (a meeting of
 * 20,000 dwellings, a billing run over 300,000), issue intake request bodies, the owners' meeting and its ballots, and
 * a raw connection for the bulk writes. run.ts orders them; bench/README.md describes them.
 */

export const ACCOUNT_PASSWORD = 'bench-account-password-1';

/** Creates an account as the admin and signs in as it with an API token; returns a client acting as it. */
export async function accountClient(
  admin: Api,
  a: { username: string; role: string; scope: Record<string, string> },
): Promise<Api> {
  await admin.post('/api/v1/accounts', {
    username: a.username,
    displayName: a.username,
    password: ACCOUNT_PASSWORD,
    role: a.role,
    scope: a.scope,
  });
  const api = new Api(admin.baseUrl, undefined, 300_000);
  await api.signInWithToken(a.username, ACCOUNT_PASSWORD, 'bench');
  return api;
}

/** The leaf category codes of the tree (an issue's category must be a leaf). */
export async function leafCategories(api: Api): Promise<string[]> {
  type Node = { code: string; children: Node[] };
  const roots = await api.get<Node[]>('/api/v1/issue-categories');
  const out: string[] = [];
  const walk = (n: Node) => (n.children.length ? n.children.forEach(walk) : out.push(n.code));
  roots.forEach(walk);
  return out;
}

const KINDS = ['problem', 'repair', 'complaint', 'suggestion', 'inquiry'] as const;
const TITLES = ['楼道灯不亮', '电梯异响', '地下车库渗水', '垃圾清运不及时', '绿化带无人修剪', '门禁损坏', '噪音扰民'];

/**
 * `n` distinct intake bodies (ZIssueCreate) for a community's estates, as a hotline operator enters them: a leaf
 * category, normal urgency, a reporter with a name and phone. autocannon cycles through them.
 */
export function intakeBodies(estateIds: string[], categories: string[], n = 120) {
  return Array.from({ length: n }, (_, i) => ({
    method: 'POST',
    path: '/api/v1/issues',
    body: {
      estateId: estateIds[i % estateIds.length],
      kind: KINDS[i % KINDS.length],
      category: categories[(i * 7) % categories.length],
      title: `${TITLES[i % TITLES.length]}（热线 ${i + 1}）`,
      description: `居民来电反映：${TITLES[i % TITLES.length]}，已持续数日，请物业尽快处理并回复。`,
      source: 'hotline',
      urgency: 'normal',
      reporter: { name: `居民${i + 1}`, phone: `139${String(10_000_000 + i).slice(-8)}` },
    },
  }));
}

/** Imports the dwellings of the meeting estate: `rows` delivered dwellings with one owner each (files of ≤ 50,000). */
export async function importLargeEstate(api: Api, estateId: string, rows: number, seed: number) {
  const t0 = performance.now();
  const csv = largeEstateCsv(rows, prng(seed), '15000');
  const res = await api.upload<{ imported: number; owners?: number }>(
    `/api/v1/estates/${estateId}/dwellings/import`,
    'meeting-estate.csv',
    csv,
  );
  if (res.imported !== rows) throw new Error(`meeting estate: imported ${res.imported} of ${rows}`);
  return { dwellings: res.imported, owners: res.owners ?? rows, seconds: secs(performance.now() - t0) };
}

export interface Meeting {
  id: string;
  motionIds: string[];
  headcount: number;
  areaM2: string;
  createSeconds: number;
}

/** Opens an owners' meeting of three motions (two ordinary, one major), open from a minute ago for a week. */
export async function openMeeting(committee: Api, estateId: string): Promise<Meeting> {
  const now = Date.now();
  const t0 = performance.now();
  const m = await committee.post<{
    id: string;
    motions: { id: string }[];
    totals: { areaM2: string; headcount: number };
  }>(`/api/v1/estates/${estateId}/meetings`, {
    title: '2026年度业主大会',
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 7 * 86_400_000).toISOString(),
    motions: [
      { title: '续聘物业服务企业', matter: 'ordinary' },
      { title: '使用专项维修资金更换电梯', matter: 'major' },
      { title: '调整停车收费标准', matter: 'ordinary' },
    ],
  });
  return {
    id: m.id,
    motionIds: m.motions.map((x) => x.id),
    headcount: m.totals.headcount,
    areaM2: m.totals.areaM2,
    createSeconds: secs(performance.now() - t0),
  };
}

/** The first `wanted` owners of an estate (GET /api/v1/owners?estateId, pages of 200), in the API's order. */
export async function estateOwners(api: Api, estateId: string, wanted: number): Promise<string[]> {
  const ids: string[] = [];
  const pages = Math.ceil(wanted / 200);
  for (let p = 1; p <= pages; p++) {
    const page = await api.get<{ items: { id: string }[]; total: number }>(
      `/api/v1/owners?estateId=${estateId}&page=${p}&pageSize=200`,
    );
    ids.push(...page.items.map((o) => o.id));
    if (ids.length >= Math.min(wanted, page.total) || !page.items.length) break;
  }
  return ids;
}

/** Per motion: the shares of for / against (the rest abstain); the third motion is meant to fail. */
const VOTE_SHARES = [
  [0.7, 0.2],
  [0.8, 0.15],
  [0.4, 0.45],
];

/**
 * Enters paper ballots through POST /api/v1/meetings/:id/ballots as the committee, `concurrency` in flight, one per
 * owner; returns the rate and the latency of one ballot.
 */
export async function enterBallots(committee: Api, meeting: Meeting, ownerIds: string[], concurrency: number) {
  const rand = prng(7_042);
  const bodies = ownerIds.map((ownerId) => ({
    ownerId,
    channel: 'paper',
    choices: meeting.motionIds.map((motionId, i) => {
      const r = rand();
      const [f, a] = VOTE_SHARES[i % VOTE_SHARES.length];
      return { motionId, choice: r < f ? 'for' : r < f + a ? 'against' : 'abstain' };
    }),
  }));
  const ms: number[] = [];
  const t0 = performance.now();
  await pool(bodies, concurrency, async (b) => {
    const s = performance.now();
    await committee.post(`/api/v1/meetings/${meeting.id}/ballots`, b);
    ms.push(performance.now() - s);
  });
  const seconds = secs(performance.now() - t0);
  return {
    ballots: bodies.length,
    seconds,
    perSec: Math.round(bodies.length / seconds),
    concurrency,
    perBallotMs: {
      p50: round(quantile(ms, 0.5)),
      p99: round(quantile(ms, 0.99)),
      max: round(Math.max(...ms)),
    },
  };
}

/** Times one call (wall time at the client, whole request). */
export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: round(performance.now() - t0), value };
}

/** A raw connection to the benchmark database for the bulk writes: a pg client, or the PGlite folder itself. */
export async function openRaw(where: {
  pgUrl?: string;
  pgliteDir?: string;
}): Promise<{ raw: Raw; close(): Promise<void> }> {
  if (where.pgUrl) {
    const client = new pg.Client({ connectionString: where.pgUrl });
    await client.connect();
    return {
      raw: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
      close: () => client.end(),
    };
  }
  const db = await PGlite.create(where.pgliteDir!);
  return {
    raw: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
    close: () => db.close(),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const secs = (ms: number) => Math.round(ms) / 1000;
