/**
 * Where a case's decision rows change state when the case's workflow projects an event: a decision takes effect
 * (`decided`), a corrected version replaces it (`decision_revised`, issue 18), a review or appeal revokes it. The
 * registry entries (RULES.md §6) follow each change, each change kept in the entry's history. Every function is
 * idempotent (a retried projection changes nothing twice) and runs inside the projection's transaction.
 *
 * The API writes drafts and the pending row of a submission (apps/api/src/decisions); every transition after that is
 * here.
 */
import type { EntityManager } from 'typeorm';
import { getCatalogue } from '../../domain/src/decision';

interface StoredAuthor {
  order: number;
  name: string;
  organisation: string;
  penalise: boolean;
  measures: Array<{ code: string; years?: number; permanent?: boolean; text?: string }>;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
}

/**
 * A decision took effect: the pending form becomes effective and each penalised person is recorded in the registry
 * with each measure, its start, its end (or permanent) and the issuing case (RULES.md §6). Idempotent: only the first
 * projection of the event finds the decision pending; entries are unique by (decision, author, measure). The draft it
 * came from is removed (a revision starts from the decision in force, POST /cases/:id/decision/revision).
 */
export async function recordDecision(tx: EntityManager, caseId: string, decisionId: string, effectiveDate: string): Promise<void> {
  const updated = await tx.queryRunner!.query(
    `UPDATE decisions d SET status = 'effective', effective_date = $3, updated_at = now()
       FROM cases c WHERE d.id = $1 AND d.case_id = $2 AND c.id = d.case_id AND d.status = 'pending'
     RETURNING d.form, c.policy_profile`,
    [decisionId, caseId, effectiveDate],
    true,
  );
  const row = (updated.records as Array<{ form: { authors: StoredAuthor[] }; policy_profile: string }>)[0];
  if (!row) return;
  await recordEntries(tx, caseId, decisionId, row.policy_profile, row.form.authors, effectiveDate);
  await tx.query(`DELETE FROM decisions WHERE case_id = $1 AND status = 'draft'`, [caseId]);
}

/**
 * A corrected decision replaced the one in force (002 退回修改; the case's `decision_revised` event): the previous
 * version becomes `superseded` (kept, with who replaced it and when), its registry entries are revoked with the reason
 * in their history, the new version takes effect and its penalised persons are recorded from its effective date. The
 * ranking counts effective decisions only, so it follows the correction. Idempotent: only the first projection finds
 * the new version pending.
 */
export async function reviseDecision(
  tx: EntityManager,
  caseId: string,
  e: { seq: number; decisionId: string; supersedes: string | null; effectiveDate: string; revision: number; reason: string },
): Promise<void> {
  const pending: Array<{ form: { authors: StoredAuthor[] }; policy_profile: string }> = await tx.query(
    `SELECT d.form, c.policy_profile FROM decisions d JOIN cases c ON c.id = d.case_id
      WHERE d.id = $1 AND d.case_id = $2 AND d.status = 'pending' FOR UPDATE OF d`,
    [e.decisionId, caseId],
  );
  const row = pending[0];
  if (!row) return;
  const result = await tx.queryRunner!.query(
    `UPDATE decisions SET status = 'superseded', superseded_by = $2, superseded_at = now()
      WHERE case_id = $1 AND status = 'effective' AND id <> $2 RETURNING id, version`,
    [caseId, e.decisionId],
    true,
  );
  for (const old of result.records as Array<{ id: string; version: number }>) {
    await revokeEntries(tx, 'decision_id', old.id, `更正：第${e.revision}版处理决定取代第${old.version}版（案件事件 ${e.seq}）— ${e.reason}`);
  }
  await tx.query(`UPDATE decisions SET status = 'effective', effective_date = $2, updated_at = now() WHERE id = $1`, [e.decisionId, e.effectiveDate]);
  await recordEntries(tx, caseId, e.decisionId, row.policy_profile, row.form.authors, e.effectiveDate);
  await tx.query(`DELETE FROM decisions WHERE case_id = $1 AND status = 'draft'`, [caseId]);
}

/**
 * The decision was revoked on review or appeal: its registry entries stop counting (RULES.md §6), each change kept in
 * the entry's history with the event that caused it. Idempotent: only entries not yet revoked are touched, so a
 * retried projection adds no second history row. [decision] A result of "changed" is left to the issuing
 * organisation's integrity admins (PATCH /registry/entries/:id), since only they know the new measures.
 */
export async function revokeRegistryEntries(tx: EntityManager, caseId: string, e: { seq: number; type: string; data: Record<string, unknown> }): Promise<void> {
  const stage = e.type === 'review_completed' ? '复查' : '复核';
  // The article of the case's own profile where the event carries it (issue 17 point 11); older events: 003 art.43.
  const article = typeof e.data.article === 'string' ? e.data.article : '003 第四十三条';
  await revokeEntries(tx, 'case_id', caseId, `${stage}撤销原处理决定（${article}）: case event ${e.seq}${typeof e.data.summary === 'string' ? ` — ${e.data.summary}` : ''}`);
}

/** The entries of a case (or of one decision) stop counting; each change kept in the entry's history with `reason`. */
async function revokeEntries(tx: EntityManager, by: 'case_id' | 'decision_id', id: string, reason: string): Promise<void> {
  await tx.query(
    `WITH revoked AS (
       UPDATE registry_entries r SET status = 'revoked', updated_at = now()
        WHERE r.${by} = $1 AND r.status <> 'revoked'
       RETURNING r.id, r.ends_on, r.permanent, (SELECT status FROM registry_entries o WHERE o.id = r.id) AS old_status
     )
     INSERT INTO registry_entry_history (entry_id, changed_by, reason, before, after)
     SELECT id, NULL, $2, jsonb_build_object('endsOn', ends_on, 'permanent', permanent, 'status', old_status),
            jsonb_build_object('endsOn', ends_on, 'permanent', permanent, 'status', 'revoked')
       FROM revoked`,
    [id, reason],
  );
}

async function recordEntries(tx: EntityManager, caseId: string, decisionId: string, profile: string, authors: StoredAuthor[], effectiveDate: string): Promise<void> {
  const catalogue = getCatalogue(profile);
  for (const a of authors.filter((x) => x.penalise)) {
    for (const m of a.measures) {
      const label = catalogue.measures.find((x) => x.code === m.code)?.zh ?? m.code;
      await tx.query(
        `INSERT INTO registry_entries (id, decision_id, case_id, author_order, person_name, organisation, id_number_enc, id_number_hash,
           id_number_masked, profile, measure_code, measure_label, starts_on, ends_on, permanent, status)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date,
           CASE WHEN $13::int IS NULL THEN NULL ELSE ($12::date + make_interval(years => $13::int))::date END, $14, 'active')
         ON CONFLICT (decision_id, author_order, measure_code) DO NOTHING`,
        [decisionId, caseId, a.order, a.name, a.organisation, a.idNumberEnc, a.idNumberHash, a.idNumberMasked, profile, m.code,
          m.text ? `${label}：${m.text}` : label, effectiveDate, m.permanent ? null : (m.years ?? null), m.permanent === true],
      );
    }
  }
}
