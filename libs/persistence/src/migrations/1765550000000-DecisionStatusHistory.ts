import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision's status history (issue 17 point 8). Before, a review or appeal that revoked a decision revoked its
 * registry entries while the decision itself stayed `effective`, so the quarterly ranking (000 §4) still counted it.
 *
 * Now `decisions.status` also takes `changed` and `revoked`, and every step the projection takes on a decision (it
 * took effect; a review or an appeal completed with `upheld`, `changed` or `revoked`) is one row of
 * `decision_status_history`, keyed by the case event that caused it, so a retried projection adds nothing. Written by
 * libs/persistence/src/decisions.ts only.
 *
 * Existing rows are brought up to date from the projected case events: each effective decision gets its `decided`
 * step, then its review and appeal results in event order, and a revoked decision's registry entries are revoked
 * (they already were, by the old projection; the statement touches none that are).
 */
export class DecisionStatusHistory1765550000000 implements MigrationInterface {
  name = 'DecisionStatusHistory1765550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT IF EXISTS decisions_status_check`);
    // 'superseded' is migration 1765600000000's (decision versions): either may run first.
    await q.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_status_check CHECK (status IN ('draft', 'pending', 'effective', 'superseded', 'changed', 'revoked'))`,
    );
    await q.query(`
      CREATE TABLE decision_status_history (
        id bigserial PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        case_event_seq int NOT NULL,
        event_type text NOT NULL CHECK (event_type IN ('decided', 'decided_clarification', 'decision_revised', 'review_completed', 'appeal_completed')),
        result text CHECK (result IN ('upheld', 'changed', 'revoked')),
        previous_status text NOT NULL,
        status text NOT NULL CHECK (status IN ('effective', 'changed', 'revoked', 'superseded')),
        on_date date,
        summary text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (decision_id, case_event_seq)
      )`);
    await q.query(`CREATE INDEX decision_status_history_case_idx ON decision_status_history (case_id, case_event_seq)`);

    // Backfill, with the rule as it stands today (libs/domain/src/decision/decision-status.ts): upheld keeps the status,
    // changed → changed, revoked → revoked; a later version taking effect (`decision_revised`, migration 1765600000000,
    // if it ran first) supersedes it.
    const decisions: Array<{ id: string; case_id: string; status: string }> = await q.query(
      `SELECT id, case_id, status FROM decisions WHERE status IN ('effective', 'superseded')`,
    );
    for (const d of decisions) {
      const events: Array<{ seq: number; type: string; data: Record<string, unknown> }> = await q.query(
        `SELECT seq, type, data FROM case_events
          WHERE case_id = $1 AND type IN ('decided', 'decided_clarification', 'decision_revised', 'review_completed', 'appeal_completed')
          ORDER BY seq`,
        [d.case_id],
      );
      const start = events.findIndex((e) => e.type !== 'review_completed' && e.type !== 'appeal_completed' && e.data.decisionId === d.id);
      if (start < 0) continue;
      let status = 'pending';
      for (const e of events.slice(start)) {
        const tookEffect = e.type !== 'review_completed' && e.type !== 'appeal_completed';
        const previous = status;
        const result = typeof e.data.result === 'string' ? e.data.result : null;
        if (tookEffect && e.data.decisionId === d.id) status = 'effective';
        else if (tookEffect) status = 'superseded';
        else if (result === 'changed') status = 'changed';
        else if (result === 'revoked') status = 'revoked';
        await q.query(
          `INSERT INTO decision_status_history (decision_id, case_id, case_event_seq, event_type, result, previous_status, status, on_date, summary)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            d.id,
            d.case_id,
            e.seq,
            e.type,
            tookEffect ? null : result,
            previous,
            status,
            typeof e.data.on === 'string' ? e.data.on : typeof e.data.effectiveDate === 'string' ? e.data.effectiveDate : null,
            typeof e.data.summary === 'string' ? e.data.summary : null,
          ],
        );
        if (status === 'superseded') break;
      }
      if (d.status === 'effective' && (status === 'changed' || status === 'revoked')) {
        await q.query(`UPDATE decisions SET status = $2, updated_at = now() WHERE id = $1`, [d.id, status]);
        if (status === 'revoked')
          await q.query(
            `UPDATE registry_entries SET status = 'revoked', updated_at = now() WHERE decision_id = $1 AND status <> 'revoked'`,
            [d.id],
          );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS decision_status_history`);
    await q.query(`UPDATE decisions SET status = 'effective' WHERE status IN ('changed', 'revoked')`);
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT IF EXISTS decisions_status_check`);
    await q.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_status_check CHECK (status IN ('draft', 'pending', 'effective', 'superseded'))`,
    );
  }
}
