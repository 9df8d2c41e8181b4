CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"subject_key" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"entered_by" uuid NOT NULL,
	"choices" jsonb NOT NULL,
	"cast_at" timestamp (3) with time zone NOT NULL,
	"replaced" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"owner_id" uuid,
	"party_member" boolean DEFAULT false NOT NULL,
	"term_starts_on" date NOT NULL,
	"term_ends_on" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committees" (
	"estate_id" uuid PRIMARY KEY NOT NULL,
	"stage" text DEFAULT 'none' NOT NULL,
	"preparatory_group" jsonb,
	"formed_at" date,
	"announced_at" date,
	"first_meeting_at" date,
	"elected_at" date,
	"term_years" integer,
	"filed_at" date,
	"filed_late" boolean DEFAULT false NOT NULL,
	"certificate_no" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "management_committees" (
	"estate_id" uuid PRIMARY KEY NOT NULL,
	"established_at" date NOT NULL,
	"members" jsonb NOT NULL,
	"note" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_subjects" (
	"meeting_id" uuid NOT NULL,
	"subject_key" text NOT NULL,
	"owner_id" uuid,
	"area_hundredths" bigint NOT NULL,
	"dwellings" integer NOT NULL,
	CONSTRAINT "meeting_subjects_meeting_id_subject_key_pk" PRIMARY KEY("meeting_id","subject_key")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"estate_id" uuid NOT NULL,
	"title" text NOT NULL,
	"opens_at" timestamp (3) with time zone NOT NULL,
	"closes_at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"total_area_hundredths" bigint NOT NULL,
	"total_headcount" integer NOT NULL,
	"results" jsonb,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "motions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"matter" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_subject_uq" ON "ballots" USING btree ("meeting_id","subject_key");--> statement-breakpoint
CREATE INDEX "committee_members_estate_idx" ON "committee_members" USING btree ("estate_id");--> statement-breakpoint
CREATE INDEX "meeting_subjects_owner_idx" ON "meeting_subjects" USING btree ("meeting_id","owner_id");--> statement-breakpoint
CREATE INDEX "meetings_estate_idx" ON "meetings" USING btree ("estate_id");--> statement-breakpoint
CREATE INDEX "motions_meeting_idx" ON "motions" USING btree ("meeting_id");