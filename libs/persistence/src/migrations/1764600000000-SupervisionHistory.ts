import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision history and counters (issue 8, second part).
 *
 * 1. Overdue history, derived from timestamps kept on each deadline row (no daily snapshot job):
 *    - `overdue_since`: the due instant of the deadline while the workflow has it overdue, kept once it is met or
 *      closed; NULL for a deadline that never went overdue, and again NULL when an extension or a calendar reload
 *      reopens it (its earlier overdue span is then forgotten: the deadline is judged by its current due instant).
 *    - `resolved_at`: when it was met or closed (the projection's transaction time, which follows the officer's action
 *      or the expiry by milliseconds).
 *    A BEFORE trigger sets both from status transitions, so the projection activity (and its idempotent upsert) stays
 *    as it is. A deadline counts as overdue at instant T iff overdue_since < T and (resolved_at IS NULL or
 *    resolved_at > T). Rows already met or closed before this migration have no known resolution time and are left
 *    out of the history (overdue_since stays NULL); rows overdue now get overdue_since = due_at.
 *
 * 2. `supervision_counts`: exact pre-aggregated counts per handling organisation (materialised path), kept by AFTER
 *    triggers in the same transaction as the row change, so GET /supervision/summary sums a few rows per
 *    organisation instead of scanning every case and deadline of the subtree:
 *    - metric 'case', key `phase|profile|objectionClosed`: cases;
 *    - metric 'opened', month = received month: cases received;
 *    - metric 'ended', key as for 'case', month = month (Asia/Shanghai) of the row's last update: cases in a
 *      final-looking phase (transferred, terminated, closed, rejected). Whether such a case counts as closed is decided
 *      when reading, from the key (a rejected case is closed for good in a profile without the reporter's objection,
 *      or once its objection period closed), so the profile catalogue stays in code;
 *    - metric 'overdue', key = deadline kind: overdue deadlines.
 *    `objectionClosed` comes from the case's `objection_period_closed` event; an AFTER INSERT trigger on case_events
 *    moves the case's contribution when that event lands. `supervision_counts_rebuild()` recomputes everything (used
 *    here for the backfill and by the benchmark after a bulk load with triggers off).
 *    Counter rows are touched only when a case's phase or month keys, or a deadline's overdue state, change.
 */
export class SupervisionHistory1764600000000 implements MigrationInterface {
  name = 'SupervisionHistory1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE cases, case_deadlines, case_events IN SHARE ROW EXCLUSIVE MODE`);

    // 1. overdue history
    await q.query(`ALTER TABLE case_deadlines ADD COLUMN overdue_since timestamptz, ADD COLUMN resolved_at timestamptz`);
    await q.query(`UPDATE case_deadlines SET overdue_since = due_at WHERE status = 'overdue'`);
    await q.query(`
      CREATE FUNCTION case_deadlines_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.due_at = OLD.due_at THEN
          RETURN NEW;
        END IF;
        IF NEW.status = 'overdue' THEN
          NEW.overdue_since := NEW.due_at;
          NEW.resolved_at := NULL;
        ELSIF NEW.status = 'open' THEN
          NEW.overdue_since := NULL;
          NEW.resolved_at := NULL;
        ELSIF TG_OP = 'INSERT' THEN
          NEW.resolved_at := coalesce(NEW.resolved_at, now());
        ELSIF OLD.status IN ('open', 'overdue') THEN
          NEW.overdue_since := OLD.overdue_since;
          NEW.resolved_at := now();
        ELSE
          NEW.overdue_since := OLD.overdue_since;
          NEW.resolved_at := OLD.resolved_at;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_deadlines_history BEFORE INSERT OR UPDATE ON case_deadlines
      FOR EACH ROW EXECUTE FUNCTION case_deadlines_history()`);
    await q.query(`
      CREATE INDEX case_deadlines_overdue_history_idx ON case_deadlines (handling_org_path text_pattern_ops)
      INCLUDE (overdue_since, resolved_at, case_id) WHERE overdue_since IS NOT NULL`);
    // Due-soon counts of the summary: open deadlines due on or before a day, few whatever the subtree.
    await q.query(`CREATE INDEX case_deadlines_open_due_idx ON case_deadlines (due_date) INCLUDE (handling_org_path, case_id) WHERE status = 'open'`);
    // The caller's denied cases (subtracted from the counters).
    await q.query(`CREATE INDEX case_access_denials_user_idx ON case_access_denials (user_id)`);

    // 2. counters
    await q.query(`
      CREATE TABLE supervision_counts (
        org_path text NOT NULL,
        metric text NOT NULL,
        key text NOT NULL,
        month text NOT NULL DEFAULT '',
        n bigint NOT NULL,
        PRIMARY KEY (org_path, metric, key, month)
      )`);
    await q.query(`CREATE INDEX supervision_counts_path_idx ON supervision_counts (org_path text_pattern_ops) INCLUDE (metric, key, month, n)`);
    await q.query(`
      CREATE FUNCTION supervision_rejected_closed(case_id uuid, phase text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT phase = 'rejected' AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = $1 AND e.type = 'objection_period_closed')
      $$`);
    await q.query(`
      CREATE FUNCTION supervision_case_keys(phase text, profile text, received date, updated timestamptz, objection_closed boolean)
      RETURNS TABLE (metric text, key text, month text) LANGUAGE sql STABLE AS $$
        SELECT 'case', $1 || '|' || $2 || '|' || $5::text, ''
        UNION ALL SELECT 'opened', '', to_char($3, 'YYYY-MM')
        UNION ALL SELECT 'ended', $1 || '|' || $2 || '|' || $5::text, to_char($4 AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
         WHERE $1 IN ('transferred', 'terminated', 'closed', 'rejected')
      $$`);
    await q.query(`
      CREATE FUNCTION supervision_count_add(p text, m text, k text, mo text, d int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO supervision_counts (org_path, metric, key, month, n) VALUES (p, m, k, mo, d)
        ON CONFLICT (org_path, metric, key, month) DO UPDATE SET n = supervision_counts.n + EXCLUDED.n
      $$`);
    await q.query(`
      CREATE FUNCTION supervision_count_case(c cases, objection_closed boolean, d int) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT * FROM supervision_case_keys(c.phase, c.policy_profile, c.received_at, c.updated_at, objection_closed) LOOP
          PERFORM supervision_count_add(c.handling_org_path, r.metric, r.key, r.month, d);
        END LOOP;
      END $$`);
    await q.query(`
      CREATE FUNCTION supervision_counts_cases() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.handling_org_path = OLD.handling_org_path AND NEW.phase = OLD.phase
           AND NEW.policy_profile = OLD.policy_profile AND NEW.received_at = OLD.received_at
           AND (NEW.phase NOT IN ('transferred', 'terminated', 'closed', 'rejected')
                OR to_char(NEW.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = to_char(OLD.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM supervision_count_case(OLD, supervision_rejected_closed(OLD.id, OLD.phase), -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          PERFORM supervision_count_case(NEW, supervision_rejected_closed(NEW.id, NEW.phase), 1);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER supervision_counts_cases AFTER INSERT OR UPDATE OR DELETE ON cases
      FOR EACH ROW EXECUTE FUNCTION supervision_counts_cases()`);
    // The first objection_period_closed event of a rejected case: its contribution moves from "not closed" to "closed".
    await q.query(`
      CREATE FUNCTION supervision_counts_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE c cases;
      BEGIN
        SELECT * INTO c FROM cases WHERE id = NEW.case_id;
        IF c.phase = 'rejected'
           AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = NEW.case_id AND e.type = 'objection_period_closed' AND e.seq <> NEW.seq) THEN
          PERFORM supervision_count_case(c, false, -1);
          PERFORM supervision_count_case(c, true, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER supervision_counts_events AFTER INSERT ON case_events
      FOR EACH ROW WHEN (NEW.type = 'objection_period_closed') EXECUTE FUNCTION supervision_counts_events()`);
    await q.query(`
      CREATE FUNCTION supervision_counts_deadlines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (NEW.status = 'overdue') = (OLD.status = 'overdue') AND NEW.handling_org_path = OLD.handling_org_path
           AND NEW.kind = OLD.kind THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'overdue' THEN
          PERFORM supervision_count_add(OLD.handling_org_path, 'overdue', OLD.kind, '', -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'overdue' THEN
          PERFORM supervision_count_add(NEW.handling_org_path, 'overdue', NEW.kind, '', 1);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER supervision_counts_deadlines AFTER INSERT OR UPDATE OR DELETE ON case_deadlines
      FOR EACH ROW EXECUTE FUNCTION supervision_counts_deadlines()`);
    await q.query(`
      CREATE FUNCTION supervision_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE cases, case_deadlines, case_events, supervision_counts IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM supervision_counts;
        INSERT INTO supervision_counts (org_path, metric, key, month, n)
        SELECT org_path, metric, key, month, count(*)
          FROM (SELECT c.handling_org_path AS org_path, k.metric, k.key, k.month
                  FROM cases c
                 CROSS JOIN LATERAL supervision_case_keys(c.phase, c.policy_profile, c.received_at, c.updated_at,
                                                          supervision_rejected_closed(c.id, c.phase)) k
                UNION ALL
                SELECT handling_org_path, 'overdue', kind, '' FROM case_deadlines WHERE status = 'overdue') x
         GROUP BY 1, 2, 3, 4;
      END $$`);
    await q.query(`SELECT supervision_counts_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_deadlines ON case_deadlines`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_events ON case_events`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_cases ON cases`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_deadlines()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_events()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_cases()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_count_case(cases, boolean, int)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_count_add(text, text, text, text, int)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_case_keys(text, text, date, timestamptz, boolean)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_rejected_closed(uuid, text)`);
    await q.query(`DROP TABLE IF EXISTS supervision_counts`);
    await q.query(`DROP INDEX IF EXISTS case_access_denials_user_idx`);
    await q.query(`DROP INDEX IF EXISTS case_deadlines_open_due_idx`);
    await q.query(`DROP INDEX IF EXISTS case_deadlines_overdue_history_idx`);
    await q.query(`DROP TRIGGER IF EXISTS case_deadlines_history ON case_deadlines`);
    await q.query(`DROP FUNCTION IF EXISTS case_deadlines_history()`);
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN IF EXISTS resolved_at, DROP COLUMN IF EXISTS overdue_since`);
  }
}
