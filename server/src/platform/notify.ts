import { notifications, smsOutbox } from '../db/schema';
import type { Ctx } from './context';

export interface SmsMessage {
  phone: string;
  text: string;
  entity?: string;
  entityId?: string;
}

/** Sends text messages. The default writes them to the `sms_outbox` table inside the caller's transaction. */
export interface SmsProvider {
  send(ctx: Ctx, messages: SmsMessage[]): Promise<void>;
}

export const outboxSmsProvider: SmsProvider = {
  async send(ctx, messages) {
    if (!messages.length) return;
    await ctx.db.insert(smsOutbox).values(
      messages.map((m) => ({
        phone: m.phone,
        text: m.text,
        entity: m.entity ?? null,
        entityId: m.entityId ?? null,
        createdAt: ctx.now(),
      })),
    );
  },
};

let provider: SmsProvider = outboxSmsProvider;

/** Replaces the SMS provider (a real gateway in production; tests keep the outbox). */
export function setSmsProvider(p: SmsProvider) {
  provider = p;
}

export interface Notice {
  accountIds: string[];
  phones: string[];
  kind: string;
  /** The Chinese text (what a text message says, and what a client without this kind's text shows). */
  title: string;
  body: string;
  /** The values a client fills into its own text for `kind`, in any language. */
  params?: Record<string, string | number | null>;
  entity?: string;
  entityId?: string;
}

/** In-app notifications to accounts, and text messages to phones (deduplicated), in the caller's transaction. */
export async function notify(ctx: Ctx, n: Notice) {
  const accounts = [...new Set(n.accountIds.filter(Boolean))];
  if (accounts.length)
    await ctx.db.insert(notifications).values(
      accounts.map((accountId) => ({
        accountId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        params: n.params ?? null,
        entity: n.entity ?? null,
        entityId: n.entityId ?? null,
        createdAt: ctx.now(),
      })),
    );
  const phones = [...new Set(n.phones.filter(Boolean))];
  await provider.send(
    ctx,
    phones.map((phone) => ({
      phone,
      text: `【红色物业】${n.title}：${n.body}`,
      entity: n.entity,
      entityId: n.entityId,
    })),
  );
}
