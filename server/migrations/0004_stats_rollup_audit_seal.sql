CREATE TABLE "issue_rollup" (
	"org_path" text NOT NULL,
	"month" text NOT NULL,
	"category_top" text NOT NULL,
	"lead_kind" text NOT NULL,
	"lead_id" uuid NOT NULL,
	"collected" integer DEFAULT 0 NOT NULL,
	"suggestions" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"resolved_n" integer DEFAULT 0 NOT NULL,
	"resolved_ms" bigint DEFAULT 0 NOT NULL,
	"resp_num" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"res_num" integer DEFAULT 0 NOT NULL,
	"res_den" integer DEFAULT 0 NOT NULL,
	"sat" integer DEFAULT 0 NOT NULL,
	"basic" integer DEFAULT 0 NOT NULL,
	"unsat" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issue_rollup_delta" (
	"org_path" text NOT NULL,
	"month" text NOT NULL,
	"category_top" text NOT NULL,
	"lead_kind" text NOT NULL,
	"lead_id" uuid NOT NULL,
	"collected" integer DEFAULT 0 NOT NULL,
	"suggestions" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"resolved_n" integer DEFAULT 0 NOT NULL,
	"resolved_ms" bigint DEFAULT 0 NOT NULL,
	"resp_num" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"res_num" integer DEFAULT 0 NOT NULL,
	"res_den" integer DEFAULT 0 NOT NULL,
	"sat" integer DEFAULT 0 NOT NULL,
	"basic" integer DEFAULT 0 NOT NULL,
	"unsat" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_no" bigint;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "overdue_since" timestamp (3) with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "issue_rollup_key_idx" ON "issue_rollup" USING btree ("org_path","month","category_top","lead_kind","lead_id");--> statement-breakpoint
CREATE INDEX "issue_rollup_path_idx" ON "issue_rollup" USING btree ("org_path" text_pattern_ops,"month");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_no_idx" ON "audit_log" USING btree ("chain_no");--> statement-breakpoint
CREATE INDEX "audit_pending_idx" ON "audit_log" USING btree ("seq") WHERE chain_no is null;--> statement-breakpoint
CREATE INDEX "issues_open_level_path_idx" ON "issues" USING btree ("level","org_path" text_pattern_ops) WHERE status in ('submitted','accepted','assigned','in_progress','resolved');--> statement-breakpoint
CREATE INDEX "issues_unanswered_idx" ON "issues" USING btree ("org_path" text_pattern_ops,"accept_due_at","reported_at") WHERE answered_at is null;--> statement-breakpoint
-- Entries written before sealing existed were chained in seq order.
UPDATE "audit_log" SET "chain_no" = "seq" WHERE "hash" IS NOT NULL;--> statement-breakpoint
-- SPEC R-15: one issue's contribution to the statistics counters (the single definition of every counter).
CREATE OR REPLACE FUNCTION issue_rollup_counts(r issues, tz text) RETURNS TABLE (
  month text, category_top text, lead_kind text, lead_id uuid,
  collected int, suggestions int, solved int, overdue int, resolved_n int, resolved_ms bigint,
  resp_num int, answered int, res_num int, res_den int, sat int, basic int, unsat int
) LANGUAGE sql STABLE AS $$
  SELECT
    to_char(r.reported_at AT TIME ZONE tz, 'YYYY-MM'),
    split_part(r.category, '.', 1),
    coalesce(r.lead_kind, ''),
    coalesce(r.lead_id, '00000000-0000-0000-0000-000000000000'::uuid),
    1,
    CASE WHEN r.kind = 'suggestion' THEN 1 ELSE 0 END,
    CASE WHEN r.status = 'closed' THEN 1 ELSE 0 END,
    CASE WHEN r.overdue THEN 1 ELSE 0 END,
    CASE WHEN r.resolved_at IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN r.resolved_at IS NOT NULL
      THEN round(extract(epoch FROM (r.resolved_at - r.reported_at)) * 1000)::bigint ELSE 0 END,
    CASE WHEN r.answered_at IS NOT NULL AND r.answered_at <= r.accept_due_at THEN 1 ELSE 0 END,
    CASE WHEN r.answered_at IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN r.status = 'closed'
      AND (r.rating IN ('satisfied', 'basically_satisfied') OR r.close_reason = 'community_confirmed') THEN 1 ELSE 0 END,
    CASE WHEN r.status NOT IN ('rejected', 'merged')
      AND (r.status IN ('resolved', 'closed') OR r.ever_overdue) THEN 1 ELSE 0 END,
    CASE WHEN r.rating = 'satisfied' THEN 1 ELSE 0 END,
    CASE WHEN r.rating = 'basically_satisfied' THEN 1 ELSE 0 END,
    CASE WHEN r.rating = 'unsatisfied' THEN 1 ELSE 0 END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION issue_rollup_tz() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT value ->> 'timeZone' FROM settings WHERE key = 'issue_rollup'), 'Asia/Shanghai')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION issue_rollup_add(r issues, sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_rollup_delta
  SELECT r.org_path, c.month, c.category_top, c.lead_kind, c.lead_id,
         sign * c.collected, sign * c.suggestions, sign * c.solved, sign * c.overdue, sign * c.resolved_n,
         sign * c.resolved_ms, sign * c.resp_num, sign * c.answered, sign * c.res_num, sign * c.res_den,
         sign * c.sat, sign * c.basic, sign * c.unsat
  FROM issue_rollup_counts(r, issue_rollup_tz()) c;
END $$;--> statement-breakpoint
-- Adds the pending deltas into the cells: one statement, so a reader sees them either as deltas or in the cells.
CREATE OR REPLACE FUNCTION issue_rollup_fold() RETURNS int LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
  -- Its own advisory key (audit 4242042, seed 4242043, deadline job 4242050).
  IF NOT pg_try_advisory_xact_lock(4242044) THEN RETURN 0; END IF;
  WITH d AS (DELETE FROM issue_rollup_delta RETURNING *)
  INSERT INTO issue_rollup AS u
  SELECT org_path, month, category_top, lead_kind, lead_id,
         sum(collected), sum(suggestions), sum(solved), sum(overdue), sum(resolved_n), sum(resolved_ms),
         sum(resp_num), sum(answered), sum(res_num), sum(res_den), sum(sat), sum(basic), sum(unsat)
  FROM d GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (org_path, month, category_top, lead_kind, lead_id) DO UPDATE SET
    collected = u.collected + excluded.collected, suggestions = u.suggestions + excluded.suggestions,
    solved = u.solved + excluded.solved, overdue = u.overdue + excluded.overdue,
    resolved_n = u.resolved_n + excluded.resolved_n, resolved_ms = u.resolved_ms + excluded.resolved_ms,
    resp_num = u.resp_num + excluded.resp_num, answered = u.answered + excluded.answered,
    res_num = u.res_num + excluded.res_num, res_den = u.res_den + excluded.res_den,
    sat = u.sat + excluded.sat, basic = u.basic + excluded.basic, unsat = u.unsat + excluded.unsat;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;--> statement-breakpoint
-- Moves an issue's contribution on every write, so the counters are exact whatever code path changed the row.
CREATE OR REPLACE FUNCTION issue_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.estate_id, OLD.org_path, OLD.reported_at, OLD.category, OLD.lead_kind, OLD.lead_id,
      OLD.kind, OLD.status, OLD.overdue, OLD.ever_overdue, OLD.resolved_at, OLD.answered_at, OLD.accept_due_at,
      OLD.rating, OLD.close_reason)
    IS NOT DISTINCT FROM (NEW.estate_id, NEW.org_path, NEW.reported_at, NEW.category, NEW.lead_kind, NEW.lead_id,
      NEW.kind, NEW.status, NEW.overdue, NEW.ever_overdue, NEW.resolved_at, NEW.answered_at, NEW.accept_due_at,
      NEW.rating, NEW.close_reason) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM issue_rollup_add(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM issue_rollup_add(NEW, 1); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER issues_rollup AFTER INSERT OR UPDATE OR DELETE ON issues
  FOR EACH ROW EXECUTE FUNCTION issue_rollup_apply();--> statement-breakpoint
CREATE OR REPLACE FUNCTION issue_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE issue_rollup, issue_rollup_delta;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER issues_rollup_truncate AFTER TRUNCATE ON issues
  FOR EACH STATEMENT EXECUTE FUNCTION issue_rollup_truncate();--> statement-breakpoint
-- Recomputes every cell from the issues (time zone changed, bulk load with the trigger disabled).
CREATE OR REPLACE FUNCTION issue_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE issues IN SHARE MODE;
  -- One rebuild at a time (two processes starting together): the second then sees the first's cells.
  LOCK TABLE issue_rollup, issue_rollup_delta IN EXCLUSIVE MODE;
  DELETE FROM issue_rollup;
  DELETE FROM issue_rollup_delta;
  INSERT INTO issue_rollup
  SELECT i.org_path, c.month, c.category_top, c.lead_kind, c.lead_id,
         sum(c.collected), sum(c.suggestions), sum(c.solved), sum(c.overdue), sum(c.resolved_n), sum(c.resolved_ms),
         sum(c.resp_num), sum(c.answered), sum(c.res_num), sum(c.res_den), sum(c.sat), sum(c.basic), sum(c.unsat)
  FROM issues i, LATERAL issue_rollup_counts(i, issue_rollup_tz()) c
  GROUP BY 1, 2, 3, 4, 5;
END $$;--> statement-breakpoint
SELECT issue_rollup_rebuild();
