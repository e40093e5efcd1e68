/**
 * The one writer of a paper's projected row (`problem_papers` status, holder, view, …) and its events (`paper_events`):
 * the paper workflow's `projectPaper` activity, and the import, which writes a new paper's first projection in the
 * transaction that registers it (the workflow's own first projection then finds nothing to change and writes nothing,
 * so nothing is written after the import has answered, issue 18).
 *
 * Idempotent: events are keyed by (paper_id, seq); the row only moves forward (`last_event_seq`) and is not written at
 * all when nothing in it would change (no new row version, `updated_at` kept).
 */
import type { EntityManager } from 'typeorm';
import type { PaperProjection } from '@libs/domain/src/paper';

export async function writePaperProjection(tx: EntityManager, input: PaperProjection): Promise<void> {
  const exists: unknown[] = await tx.query(`SELECT 1 FROM problem_papers WHERE id = $1`, [input.paperId]);
  // The importer commits the row right after the workflow starts; until then, throw (the activity retries).
  if (exists.length === 0) throw new Error(`paper ${input.paperId} is not registered yet`);
  for (const e of input.events) {
    await tx.query(
      `INSERT INTO paper_events (paper_id, seq, type, at, actor, data) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (paper_id, seq) DO NOTHING`,
      [input.paperId, e.seq, e.type, e.at, e.actor ? JSON.stringify(e.actor) : null, JSON.stringify(e.data)],
    );
  }
  await tx.query(
    `UPDATE problem_papers SET status = $2, holder_org_id = $3, holder_path = $4, current_org_id = $5, review_level = $6, case_id = $7,
            case_number = $8, rounds = $9, version = $10, last_event_seq = $11, view = COALESCE($12::jsonb, view), updated_at = now()
      WHERE id = $1 AND last_event_seq <= $11
        AND (status, holder_org_id, holder_path, current_org_id, review_level, case_id, case_number, rounds, version, last_event_seq, view)
            IS DISTINCT FROM ($2::text, $3::uuid, $4::text, $5::uuid, $6::text, $7::uuid, $8::text, $9::int, $10::int, $11::int, COALESCE($12::jsonb, view))`,
    [
      input.paperId,
      input.status,
      input.holderOrgId,
      input.holderPath,
      input.currentOrgId,
      input.reviewLevel,
      input.caseId,
      input.caseNumber,
      input.rounds,
      input.version,
      input.lastEventSeq,
      input.view ? JSON.stringify(input.view) : null,
    ],
  );
}
