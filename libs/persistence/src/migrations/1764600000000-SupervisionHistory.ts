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
 * 2. `supervision_counts`: exact pre-aggregated counts per organisation subtree (materialised path), kept by triggers
 *    in the same transaction as the row change, so GET /supervision/summary sums a few rows instead of scanning every
 *    case and deadline of the subtree:
 *    - metric 'case', key `phase|profile|objectionClosed`: cases;
 *    - metric 'opened', month = received month: cases received;
 *    - metric 'ended', key as for 'case', month = month (Asia/Shanghai) of the row's last update: cases in a
 *      final-looking phase (transferred, terminated, closed, rejected). Whether such a case counts as closed is decided
 *      when reading, from the key (a rejected case is closed for good in a profile without the reporter's objection,
 *      or once its objection period closed), so the profile catalogue stays in code;
 *    - metric 'overdue', key = deadline kind: overdue deadlines;
 *    - metrics 'od_since' / 'od_until', month = a day YYYY-MM-DD: overdue spans opening / closing that day, from
 *      which GET /supervision/overdue-trend sums its points (a few hundred rows per organisation, not one per deadline).
 *    `objectionClosed` comes from the case's `objection_period_closed` event; an AFTER INSERT trigger on case_events
 *    moves the case's contribution when that event lands. `supervision_counts_rebuild()` recomputes everything (used
 *    here for the backfill, after a TRUNCATE, and by the benchmark after a bulk load with triggers off).
 *    Counters are kept for the handling organisation and every ancestor (`parent_path` finds an organisation's
 *    children's rows), so a summary reads (children + 1) × keys rows whatever the size of the subtree. Row triggers
 *    only append to `supervision_count_deltas`, and only when a case's phase or month keys, or a deadline's overdue
 *    state, change; a deferred constraint trigger (queued once per transaction through `supervision_count_flushes`)
 *    folds the transaction's deltas into the counters at commit, in key
 *    order, so the hot upper-level rows are locked briefly and always in the same order (no deadlock cycles between
 *    two projections).
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
    // Due-soon counts of the summary: open deadlines due on or before a day, few whatever the subtree.
    await q.query(
      `CREATE INDEX case_deadlines_open_due_idx ON case_deadlines (due_date) INCLUDE (handling_org_path, case_id) WHERE status = 'open'`,
    );
    // The caller's denied cases (subtracted from the counters).
    await q.query(`CREATE INDEX case_access_denials_user_idx ON case_access_denials (user_id)`);

    // 2. counters
    await q.query(`
      CREATE TABLE supervision_counts (
        org_path text NOT NULL,
        parent_path text NOT NULL,
        metric text NOT NULL,
        key text NOT NULL,
        month text NOT NULL DEFAULT '',
        n bigint NOT NULL,
        PRIMARY KEY (org_path, metric, key, month)
      )`);
    await q.query(`CREATE INDEX supervision_counts_parent_idx ON supervision_counts (parent_path)`);
    // Changes of the running transaction, folded into supervision_counts when it commits (see supervision_count_flush).
    await q.query(`
      CREATE TABLE supervision_count_deltas (
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        org_path text NOT NULL,
        metric text NOT NULL,
        key text NOT NULL,
        month text NOT NULL,
        d int NOT NULL
      )`);
    await q.query(`CREATE INDEX supervision_count_deltas_xid_idx ON supervision_count_deltas (xid)`);
    // One row per transaction with deltas: its insertion queues the one deferred flush of that transaction.
    await q.query(`CREATE TABLE supervision_count_flushes (xid xid8 PRIMARY KEY DEFAULT pg_current_xact_id())`);
    await q.query(`
      CREATE FUNCTION supervision_count_delta(p text, m text, k text, mo text, d int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO supervision_count_deltas (org_path, metric, key, month, d) VALUES (p, m, k, mo, d);
        INSERT INTO supervision_count_flushes DEFAULT VALUES ON CONFLICT DO NOTHING;
      $$`);
    await q.query(`
      CREATE FUNCTION supervision_ancestors(path text) RETURNS TABLE (org_path text, parent_path text) LANGUAGE sql IMMUTABLE AS $$
        SELECT array_to_string(a[1:i], '/'), coalesce(array_to_string(a[1:i - 1], '/'), '')
          FROM string_to_array(path, '/') a, generate_series(1, cardinality(a)) i
      $$`);
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
    // A deadline's contributions: overdue now (by kind), and its overdue span by day (Asia/Shanghai) for the trend:
    // +1 from the day of overdue_since, -1 from the day resolved_at falls in (an instant exactly at midnight belongs to
    // the day before, as the trend's cut at that midnight already sees it resolved). A span that never opened counts
    // nowhere.
    await q.query(`
      CREATE FUNCTION supervision_deadline_keys(status text, kind text, s timestamptz, r timestamptz)
      RETURNS TABLE (metric text, key text, month text, n int) LANGUAGE sql STABLE AS $$
        SELECT 'overdue', kind, '', 1 WHERE status = 'overdue'
        UNION ALL SELECT 'od_since', '', to_char(s AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 1 WHERE s IS NOT NULL AND (r IS NULL OR r > s)
        UNION ALL SELECT 'od_until', '', to_char((r - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 1
         WHERE s IS NOT NULL AND r > s
      $$`);
    await q.query(`
      CREATE FUNCTION supervision_count_case(c cases, objection_closed boolean, delta int) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO supervision_count_deltas (org_path, metric, key, month, d)
        SELECT c.handling_org_path, k.metric, k.key, k.month, delta
          FROM supervision_case_keys(c.phase, c.policy_profile, c.received_at, c.updated_at, objection_closed) k;
        INSERT INTO supervision_count_flushes DEFAULT VALUES ON CONFLICT DO NOTHING;
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
           AND NEW.kind = OLD.kind AND NEW.overdue_since IS NOT DISTINCT FROM OLD.overdue_since
           AND NEW.resolved_at IS NOT DISTINCT FROM OLD.resolved_at THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM supervision_count_delta(OLD.handling_org_path, k.metric, k.key, k.month, -k.n)
             FROM supervision_deadline_keys(OLD.status, OLD.kind, OLD.overdue_since, OLD.resolved_at) k;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          PERFORM supervision_count_delta(NEW.handling_org_path, k.metric, k.key, k.month, k.n)
             FROM supervision_deadline_keys(NEW.status, NEW.kind, NEW.overdue_since, NEW.resolved_at) k;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER supervision_counts_deadlines AFTER INSERT OR UPDATE OR DELETE ON case_deadlines
      FOR EACH ROW EXECUTE FUNCTION supervision_counts_deadlines()`);
    // At commit: the transaction's changes, summed, added to the handling organisation and every ancestor, in one fixed
    // order (so two committing transactions never wait on each other's counter rows in a cycle), holding the counter
    // rows' locks only for the commit itself.
    await q.query(`
      CREATE FUNCTION supervision_count_flush() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM supervision_count_flushes WHERE xid = NEW.xid;
        WITH moved AS (DELETE FROM supervision_count_deltas WHERE xid = pg_current_xact_id() RETURNING org_path, metric, key, month, d)
        INSERT INTO supervision_counts (org_path, parent_path, metric, key, month, n)
        SELECT a.org_path, a.parent_path, m.metric, m.key, m.month, sum(m.d)
          FROM moved m CROSS JOIN LATERAL supervision_ancestors(m.org_path) a
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(m.d) <> 0
         ORDER BY 1, 3, 4, 5
        ON CONFLICT (org_path, metric, key, month) DO UPDATE SET n = supervision_counts.n + EXCLUDED.n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER supervision_count_flush AFTER INSERT ON supervision_count_flushes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION supervision_count_flush()`);
    await q.query(`
      CREATE FUNCTION supervision_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE cases, case_deadlines, case_events, supervision_counts IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM supervision_counts;
        INSERT INTO supervision_counts (org_path, parent_path, metric, key, month, n)
        SELECT a.org_path, a.parent_path, x.metric, x.key, x.month, sum(x.n)
          FROM (SELECT org_path, metric, key, month, count(*) AS n
                  FROM (SELECT c.handling_org_path AS org_path, k.metric, k.key, k.month
                          FROM cases c
                         CROSS JOIN LATERAL supervision_case_keys(c.phase, c.policy_profile, c.received_at, c.updated_at,
                                                                  supervision_rejected_closed(c.id, c.phase)) k
                        UNION ALL
                        SELECT cd.handling_org_path, k.metric, k.key, k.month
                          FROM case_deadlines cd
                         CROSS JOIN LATERAL supervision_deadline_keys(cd.status, cd.kind, cd.overdue_since, cd.resolved_at) k
                         WHERE cd.status = 'overdue' OR cd.overdue_since IS NOT NULL) y
                 GROUP BY 1, 2, 3, 4) x
         CROSS JOIN LATERAL supervision_ancestors(x.org_path) a
         GROUP BY 1, 2, 3, 4, 5;
      END $$`);
    await q.query(`SELECT supervision_counts_rebuild()`);
    // TRUNCATE fires no row trigger: count again from what is left.
    await q.query(`
      CREATE FUNCTION supervision_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM supervision_counts_rebuild();
        RETURN NULL;
      END $$`);
    for (const table of ['cases', 'case_deadlines', 'case_events']) {
      await q.query(
        `CREATE TRIGGER supervision_counts_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION supervision_counts_truncated()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cases', 'case_deadlines', 'case_events'])
      await q.query(`DROP TRIGGER IF EXISTS supervision_counts_truncated ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_truncated()`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_deadlines ON case_deadlines`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_events ON case_events`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_cases ON cases`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_count_flush ON supervision_count_flushes`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_count_flush()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_deadlines()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_events()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_cases()`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_count_case(cases, boolean, int)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_count_delta(text, text, text, text, int)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_ancestors(text)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_case_keys(text, text, date, timestamptz, boolean)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_deadline_keys(text, text, timestamptz, timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_rejected_closed(uuid, text)`);
    await q.query(`DROP TABLE IF EXISTS supervision_count_flushes`);
    await q.query(`DROP TABLE IF EXISTS supervision_count_deltas`);
    await q.query(`DROP TABLE IF EXISTS supervision_counts`);
    await q.query(`DROP INDEX IF EXISTS case_access_denials_user_idx`);
    await q.query(`DROP INDEX IF EXISTS case_deadlines_open_due_idx`);
    await q.query(`DROP TRIGGER IF EXISTS case_deadlines_history ON case_deadlines`);
    await q.query(`DROP FUNCTION IF EXISTS case_deadlines_history()`);
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN IF EXISTS resolved_at, DROP COLUMN IF EXISTS overdue_since`);
  }
}
