import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import { audit } from '../../platform/audit';
import { type Ctx, inTx } from '../../platform/context';

/** The caller's latest notifications (100 at most, newest first) and how many of all of them are unread. */
export async function listNotifications(ctx: Ctx, unreadOnly: boolean) {
  const mine = eq(notifications.accountId, ctx.actor.id);
  const items = await ctx.db
    .select()
    .from(notifications)
    .where(unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(100);
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return { items, unread: Number(n) };
}

/** Marks one of the caller's notifications read (someone else's, or one already read, changes nothing). */
export async function markNotificationRead(ctx: Ctx, id: string) {
  await inTx(ctx, async (t) => {
    const [n] = await t.db
      .update(notifications)
      .set({ readAt: t.now() })
      .where(and(eq(notifications.id, id), eq(notifications.accountId, t.actor.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (n) await audit(t, { action: 'read', entity: 'notification', entityId: n.id });
  });
}

/** Marks every unread notification of the caller read; answers how many changed (one audit entry for all). */
export async function markAllNotificationsRead(ctx: Ctx) {
  return inTx(ctx, async (t) => {
    const done = await t.db
      .update(notifications)
      .set({ readAt: t.now() })
      .where(and(eq(notifications.accountId, t.actor.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (done.length)
      await audit(t, { action: 'read_all', entity: 'notification', entityId: null, after: { count: done.length } });
    return { updated: done.length };
  });
}
