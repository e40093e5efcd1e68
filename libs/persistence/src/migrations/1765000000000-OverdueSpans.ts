import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overdue spans that a later change takes off a deadline row are kept (issue 8, supervision history).
 *
 * Before, a deadline row held one overdue span (`overdue_since` .. `resolved_at`, migration 1764600000000), and an
 * extension, a resume after suspension or a calendar reload that moved an overdue deadline later cleared it: the
 * trend then showed the deadline as never overdue on days it had been, so the past changed after the fact, and a
 * late extension hid the time a case ran over. A supervising commission needs the opposite.
 *
 * Now the BEFORE trigger on case_deadlines moves such a span into `case_deadline_overdue_spans` (from its start to the
 * moment it was taken off, or to the new overdue start if the deadline is still overdue on its new due instant), and
 * the counters take it from there (an AFTER INSERT trigger adds its od_since / od_until days), so the trend of a past
 * day never changes. The reference query and the rebuild read both tables. Spans are keyed (case, kind, since): a
 * retried projection adds nothing.
 */
export class OverdueSpans1765000000000 implements MigrationInterface {
  name = 'OverdueSpans1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_deadline_overdue_spans (
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        since timestamptz NOT NULL,
        until timestamptz NOT NULL CHECK (until > since),
        handling_org_path text NOT NULL,
        PRIMARY KEY (case_id, kind, since)
      )`);
    await q.query(
      `CREATE INDEX case_deadline_overdue_spans_org_path_idx ON case_deadline_overdue_spans (handling_org_path text_pattern_ops)`,
    );
    // Same status rules as before; what is new is the last block, which keeps the span the row is about to lose.
    await q.query(`
      CREATE OR REPLACE FUNCTION case_deadlines_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE span_end timestamptz;
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
        IF TG_OP = 'UPDATE' AND OLD.overdue_since IS NOT NULL AND NEW.overdue_since IS DISTINCT FROM OLD.overdue_since THEN
          span_end := coalesce(OLD.resolved_at, now());
          IF NEW.overdue_since IS NOT NULL AND NEW.overdue_since < span_end THEN
            span_end := NEW.overdue_since; -- still overdue on the new due instant: the new span takes over from there
          END IF;
          IF span_end > OLD.overdue_since THEN
            INSERT INTO case_deadline_overdue_spans (case_id, kind, since, until, handling_org_path)
            VALUES (OLD.case_id, OLD.kind, OLD.overdue_since, span_end, OLD.handling_org_path)
            ON CONFLICT DO NOTHING;
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION supervision_counts_spans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM supervision_count_delta(NEW.handling_org_path, k.metric, k.key, k.month, k.n)
           FROM supervision_deadline_keys('closed', NEW.kind, NEW.since, NEW.until) k;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER supervision_counts_spans AFTER INSERT ON case_deadline_overdue_spans
      FOR EACH ROW EXECUTE FUNCTION supervision_counts_spans()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION supervision_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE cases, case_deadlines, case_events, case_deadline_overdue_spans, supervision_counts IN SHARE ROW EXCLUSIVE MODE;
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
                         WHERE cd.status = 'overdue' OR cd.overdue_since IS NOT NULL
                        UNION ALL
                        SELECT sp.handling_org_path, k.metric, k.key, k.month
                          FROM case_deadline_overdue_spans sp
                         CROSS JOIN LATERAL supervision_deadline_keys('closed', sp.kind, sp.since, sp.until) k) y
                 GROUP BY 1, 2, 3, 4) x
         CROSS JOIN LATERAL supervision_ancestors(x.org_path) a
         GROUP BY 1, 2, 3, 4, 5;
      END $$`);
    await q.query(
      `CREATE TRIGGER supervision_counts_truncated AFTER TRUNCATE ON case_deadline_overdue_spans FOR EACH STATEMENT EXECUTE FUNCTION supervision_counts_truncated()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_truncated ON case_deadline_overdue_spans`);
    await q.query(`DROP TRIGGER IF EXISTS supervision_counts_spans ON case_deadline_overdue_spans`);
    await q.query(`DROP FUNCTION IF EXISTS supervision_counts_spans()`);
    await q.query(`DROP TABLE IF EXISTS case_deadline_overdue_spans`);
    // The previous definitions (1764600000000), then counters without the spans.
    await q.query(`
      CREATE OR REPLACE FUNCTION case_deadlines_history() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE OR REPLACE FUNCTION supervision_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
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
  }
}
