ALTER TABLE "finance_entries" ADD COLUMN "reverses_id" uuid;--> statement-breakpoint
ALTER TABLE "finance_entries" ADD COLUMN "reversal_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reverses_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reversal_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "finance_entries_reverses_uq" ON "finance_entries" USING btree ("reverses_id") WHERE reverses_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_reverses_uq" ON "payments" USING btree ("reverses_id") WHERE reverses_id is not null;