import type { Level, Role } from '@rp/contract';
import { translate } from '@rp/contract/i18n/messages';
import { and, eq, inArray } from 'drizzle-orm';
import { accounts, fiveToOne, issueHandlers, type issues } from '../../db/schema';
import { localDate } from '../../platform/calendar';
import type { Ctx } from '../../platform/context';
import { notify } from '../../platform/notify';

type IssueRow = typeof issues.$inferSelect;
type Params = Record<string, string | number | null>;

/**
 * Who hears of what happens to an issue (SPEC ). Each notice is stored with its kind and
 * parameters, so the interface writes it in the reader's language (`notice.<kind>` in the contract's messages); the
 * stored title and body, and text messages, are the Chinese text.
 */
function notice(kind: string, params: Params) {
  const p: Params = { ...params };
  if (typeof p.level === 'string') p.levelName = translate('zh-CN', `enum.level.${p.level}`);
  return {
    kind,
    params,
    title: translate('zh-CN', `notice.${kind}.title`, p),
    body: translate('zh-CN', `notice.${kind}.body`, p),
    entity: 'issue',
  };
}

// Who acts for each kind of handler (as isLeadHandler in issues.service): a community's volunteers or a district's
// department accounts are bound to the same org unit but do not handle its issues, and may not open them.
const HANDLER_ROLES: Record<string, Role[]> = {
  company: ['company'],
  department: ['department'],
  org_unit: ['community', 'street', 'bureau'],
};

/** Accounts that act for a handler: its company, department or org-unit staff accounts (enabled ones). */
export async function handlerAccounts(ctx: Ctx, refs: { kind: string; refId: string }[]) {
  const out: string[] = [];
  for (const r of refs) {
    const col =
      r.kind === 'company' ? accounts.companyId : r.kind === 'department' ? accounts.departmentId : accounts.orgUnitId;
    const list = await ctx.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(col, r.refId), eq(accounts.disabled, false), inArray(accounts.role, HANDLER_ROLES[r.kind] ?? [])));
    out.push(...list.map((l) => l.id));
  }
  return out;
}

async function activeHandlerAccounts(ctx: Ctx, issueId: string, leadOnly = false) {
  const conds = [eq(issueHandlers.issueId, issueId), eq(issueHandlers.active, true)];
  if (leadOnly) conds.push(eq(issueHandlers.role, 'lead'));
  return handlerAccounts(
    ctx,
    await ctx.db
      .select()
      .from(issueHandlers)
      .where(and(...conds)),
  );
}

const due = (i: IssueRow, timeZone: string) => (i.resolveDueAt ? localDate(i.resolveDueAt, timeZone) : '');

/** SPEC: an escalation reaches the community's five-to-one contacts (in-app and SMS) and the handlers. */
export async function notifyEscalation(c: Ctx, issue: IssueRow, toLevel: Level, auto: boolean) {
  const communityId = issue.orgPath.split('/').filter(Boolean).at(-1)!;
  const [f] = await c.db.select().from(fiveToOne).where(eq(fiveToOne.communityId, communityId));
  const contacts = Object.values((f?.contacts ?? {}) as Record<string, { accountId?: string; phone?: string }>);
  await notify(c, {
    accountIds: [...contacts.map((x) => x.accountId ?? ''), ...(await activeHandlerAccounts(c, issue.id))],
    phones: contacts.map((x) => x.phone ?? ''),
    ...notice(auto ? 'issue_overdue' : 'issue_escalated', { code: issue.code, title: issue.title, level: toLevel }),
    entityId: issue.id,
  });
}

/** SPEC R-11: a new assignment reaches the accounts of its lead and assisting handlers. */
export async function notifyAssigned(
  c: Ctx,
  issue: IssueRow,
  refs: { kind: string; refId: string }[],
  timeZone: string,
) {
  await notify(c, {
    accountIds: await handlerAccounts(c, refs),
    phones: [],
    ...notice('issue_assigned', { code: issue.code, title: issue.title, due: due(issue, timeZone) }),
    entityId: issue.id,
  });
}

/** SPEC: a reopened issue (the resident was not satisfied) goes back to its lead handler, with its deadline. */
export async function notifyReopened(c: Ctx, issue: IssueRow, timeZone: string) {
  await notify(c, {
    accountIds: await activeHandlerAccounts(c, issue.id, true),
    phones: [],
    ...notice('issue_reopened', { code: issue.code, title: issue.title, due: due(issue, timeZone) }),
    entityId: issue.id,
  });
}

/**
 * SPEC R-11, R-14: the reporter hears that the issue was resolved (and may now rate it), not accepted, or merged.
 * A resident who reported through the residents' side gets it in the app; a reporter known only by the phone number
 * staff took down gets a text message; an anonymous report without an account hears nothing.
 */
export async function notifyReporter(
  c: Ctx,
  issue: IssueRow,
  kind: 'issue_resolved' | 'issue_rejected' | 'issue_merged',
  extra: Params = {},
) {
  const params = { code: issue.code, title: issue.title, ...extra };
  if (issue.reporterAccountId) {
    // An anonymous issue is closed by the community's confirmation, not by a rating: say so instead.
    const k = kind === 'issue_resolved' && issue.anonymous ? 'issue_resolved_anonymous' : kind;
    await notify(c, { accountIds: [issue.reporterAccountId], phones: [], ...notice(k, params), entityId: issue.id });
    return;
  }
  if (issue.anonymous || !issue.reporterPhone) return;
  const sms = notice(kind === 'issue_resolved' ? 'issue_resolved_sms' : kind, params);
  await notify(c, { accountIds: [], phones: [issue.reporterPhone], ...sms, entityId: issue.id });
}
