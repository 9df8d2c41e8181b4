CREATE TABLE "billing_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"months" integer NOT NULL,
	"unit_price_fen_per_m2_month" integer NOT NULL,
	"bills" integer DEFAULT 0 NOT NULL,
	"billed_fen" bigint DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"billing_period_id" uuid NOT NULL,
	"estate_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"dwelling_id" uuid NOT NULL,
	"period" text NOT NULL,
	"area_hundredths" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'unpaid' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_selections" (
	"estate_id" uuid PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"description" text NOT NULL,
	"company_id" uuid NOT NULL,
	"contract_starts_on" date NOT NULL,
	"contract_ends_on" date NOT NULL,
	"decided_on" date,
	"meeting_id" uuid,
	"tender_result" text,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_disclosures" (
	"estate_id" uuid PRIMARY KEY NOT NULL,
	"items" jsonb NOT NULL,
	"service_content" text NOT NULL,
	"service_standard" text NOT NULL,
	"complaint_hotline" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"date" date NOT NULL,
	"counterparty" text NOT NULL,
	"counterparty_kind" text NOT NULL,
	"purpose" text NOT NULL,
	"attachment_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"billing_period_id" uuid NOT NULL,
	"estate_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "billing_periods_estate_period_uq" ON "billing_periods" USING btree ("estate_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_period_dwelling_uq" ON "bills" USING btree ("billing_period_id","dwelling_id");--> statement-breakpoint
CREATE INDEX "bills_estate_period_idx" ON "bills" USING btree ("estate_id","period");--> statement-breakpoint
CREATE INDEX "bills_dwelling_idx" ON "bills" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "bills_path_period_idx" ON "bills" USING btree ("org_path" text_pattern_ops,"period");--> statement-breakpoint
CREATE INDEX "finance_entries_estate_idx" ON "finance_entries" USING btree ("estate_id","date");--> statement-breakpoint
CREATE INDEX "payments_bill_idx" ON "payments" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "payments_period_idx" ON "payments" USING btree ("billing_period_id");