/**
 * The one writer of `decisions` and `decision_status_history` (issue 17 point 8): every transition of a decision row.
 *
 *   draft      saveDraft / updateDraftForm /         (the API: PUT /cases/:id/decision, apply-to-authors, a revision
 *              openRevisionDraft                      opened from the decision in force)
 *   pending    insertPending / discardPending        (the API: decide or revise_decision, before / after a refused Update)
 *   effective  takeEffect                            (the projection: `decided`, `decided_clarification`)
 *   effective, and the one in force superseded
 *              reviseDecision                        (the projection: `decision_revised`, issue 18)
 *   changed, revoked, or as it was
 *              applyReviewResult                     (the projection: `review_completed`, `appeal_completed`)
 *
 * The projection's transitions are idempotent: each is keyed by the case event that caused it
 * (`decision_status_history (decision_id, case_event_seq)`), so a retried projection changes nothing twice. The rule
 * itself is pure (libs/domain/src/decision/decision-status.ts).
 *
 * [decision] (issue 19 point 4) The pending row stays the API's to write and to withdraw, through this module: the
 * form carries sealed ID numbers, which must not enter the workflow's history, so the Update carries the row's id and
 * the projection makes that row effective. A refused Update withdraws exactly the row it prepared (still pending);
 * nothing else in the API writes `decisions`. The reads the API answers from (`currentDecision`, `decisionVersions`,
 * `decisionForm`, `hasPendingDecision`, `latestPaperReturn`) live here too: no SQL on these tables elsewhere.
 */
import type { EntityManager } from 'typeorm';
import {
  cite,
  DECISION_EVENT_STAGES,
  DECISION_STATUSES_IN_FORCE,
  getCatalogue,
  lastBarredDay,
  statusAfterReview,
} from '@libs/domain/src/decision';
import { getPolicyProfile } from '@libs/domain/src/policy';
import type { Queryable } from './queryable';
import { ensurePersons } from './archives';
import { recordEntries, revokeEntriesOfDecision, type NewRegistryEntry } from './registry';

export interface CaseEventLike {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export interface DecisionHistoryRow {
  caseEventSeq: number;
  eventType: string;
  result: string | null;
  previousStatus: string;
  status: string;
  on: string | null;
  summary: string | null;
  recordedAt: string;
}

/** A draft, created or replaced (one draft per case). */
export async function saveDraft(
  q: Queryable,
  d: { id: string; caseId: string; result: string; form: unknown; userId: string },
): Promise<void> {
  await q.query(
    `INSERT INTO decisions (id, case_id, status, result, form, updated_by) VALUES ($1, $2, 'draft', $3, $4, $5)
     ON CONFLICT (case_id) WHERE status = 'draft' DO UPDATE SET result = EXCLUDED.result, form = EXCLUDED.form,
       updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [d.id, d.caseId, d.result, JSON.stringify(d.form), d.userId],
  );
}

/** A draft's form changed in place (several authors filled at once). */
export async function updateDraftForm(q: Queryable, d: { id: string; form: unknown; userId: string }): Promise<void> {
  await q.query(`UPDATE decisions SET form = $2, updated_by = $3, updated_at = now() WHERE id = $1 AND status = 'draft'`, [
    d.id,
    JSON.stringify(d.form),
    d.userId,
  ]);
}

/** The revision of the decision in force opened as a draft, a copy of it (a draft already open stays as it is). */
export async function openRevisionDraft(
  q: Queryable,
  d: { id: string; caseId: string; result: string; form: unknown; userId: string },
): Promise<void> {
  await q.query(
    `INSERT INTO decisions (id, case_id, status, result, form, updated_by) VALUES ($1, $2, 'draft', $3, $4, $5)
     ON CONFLICT (case_id) WHERE status = 'draft' DO NOTHING`,
    [d.id, d.caseId, d.result, JSON.stringify(d.form), d.userId],
  );
}

/** The submitted form (a first decision, or the next version of a revision), waiting for the workflow to take effect. */
export async function insertPending(
  q: Queryable,
  d: {
    id: string;
    caseId: string;
    result: string;
    effectiveDate: string | null;
    form: unknown;
    userId: string;
    version?: number;
    supersedes?: string | null;
    revisionReason?: string | null;
    answersReturn?: unknown;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO decisions (id, case_id, status, result, effective_date, form, updated_by, version, supersedes, revision_reason, answers_return)
     VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      d.id,
      d.caseId,
      d.result,
      d.effectiveDate,
      JSON.stringify(d.form),
      d.userId,
      d.version ?? 1,
      d.supersedes ?? null,
      d.revisionReason ?? null,
      d.answersReturn ? JSON.stringify(d.answersReturn) : null,
    ],
  );
}

/** The workflow refused the submission: the pending form goes, nothing else was written. */
export async function discardPending(q: Queryable, decisionId: string): Promise<void> {
  await q.query(`DELETE FROM decisions WHERE id = $1 AND status = 'pending'`, [decisionId]);
}

interface StoredAuthor {
  order: number;
  name: string;
  organisation: string;
  penalise: boolean;
  measures: Array<{ code: string; years?: number; permanent?: boolean; text?: string }>;
  severity?: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
}

/**
 * A decision took effect (`decided` / `decided_clarification` naming it): pending → effective, one history row, and
 * each penalised person recorded in the registry with each measure, its start, its last barred day (or permanent)
 * and the issuing case (RULES.md §6). Only the first projection of the event finds the decision pending.
 */
export async function takeEffect(tx: EntityManager, caseId: string, e: CaseEventLike): Promise<void> {
  const decisionId = e.data.decisionId;
  if (typeof decisionId !== 'string') return;
  const effectiveDate = String(e.data.effectiveDate);
  const updated = await tx.queryRunner!.query(
    `UPDATE decisions d SET status = 'effective', effective_date = $3, updated_at = now()
       FROM cases c WHERE d.id = $1 AND d.case_id = $2 AND c.id = d.case_id AND d.status = 'pending'
     RETURNING d.form, c.policy_profile`,
    [decisionId, caseId, effectiveDate],
    true,
  );
  const row = (updated.records as Array<{ form: { authors: StoredAuthor[] }; policy_profile: string }>)[0];
  if (!row) return;
  await insertHistory(tx, { decisionId, caseId, e, result: null, previous: 'pending', status: 'effective', on: effectiveDate });
  // Every author named by the decision has an integrity archive (issue 22 point 3), penalised or not.
  await ensurePersons(tx, row.form.authors);
  await recordEntries(tx, entriesOf(caseId, decisionId, row.policy_profile, row.form.authors, effectiveDate));
  // The draft it came from goes (a revision starts from the decision in force, POST /cases/:id/decision/revision).
  await tx.query(`DELETE FROM decisions WHERE case_id = $1 AND status = 'draft'`, [caseId]);
}

/**
 * A corrected version replaced the decision in force (002 退回修改; the case's `decision_revised` event, issue 18): the
 * version in force (effective, or changed by a review) becomes `superseded` (kept, with what replaced it and when) and
 * its registry entries are revoked with the reason in their history; the new version takes effect and its penalised
 * persons are recorded from its effective date. Both steps are history rows of the event. The ranking counts decisions
 * in force only, so it follows the correction. Idempotent: only the first projection finds the new version pending.
 */
export async function reviseDecision(tx: EntityManager, caseId: string, e: CaseEventLike): Promise<void> {
  const decisionId = e.data.decisionId;
  if (typeof decisionId !== 'string') return;
  const effectiveDate = String(e.data.effectiveDate);
  const pending: Array<{ form: { authors: StoredAuthor[] }; policy_profile: string }> = await tx.query(
    `SELECT d.form, c.policy_profile FROM decisions d JOIN cases c ON c.id = d.case_id
      WHERE d.id = $1 AND d.case_id = $2 AND d.status = 'pending' FOR UPDATE OF d`,
    [decisionId, caseId],
  );
  const row = pending[0];
  if (!row) return;
  const replaced = (await tx.query(
    `WITH old AS (SELECT id, status FROM decisions WHERE case_id = $1 AND status = ANY($3::text[]) AND id <> $2 FOR UPDATE)
     UPDATE decisions d SET status = 'superseded', superseded_by = $2, superseded_at = now()
       FROM old WHERE d.id = old.id RETURNING d.id, d.version, old.status AS previous`,
    [caseId, decisionId, DECISION_STATUSES_IN_FORCE],
  )) as [Array<{ id: string; version: number; previous: string }>, number] | Array<{ id: string; version: number; previous: string }>;
  const olds = Array.isArray(replaced[0])
    ? (replaced[0] as Array<{ id: string; version: number; previous: string }>)
    : (replaced as Array<{ id: string; version: number; previous: string }>);
  for (const old of olds) {
    await insertHistory(tx, {
      decisionId: old.id,
      caseId,
      e,
      result: null,
      previous: old.previous,
      status: 'superseded',
      on: effectiveDate,
    });
    await revokeEntriesOfDecision(
      tx,
      old.id,
      `更正：第${String(e.data.revision)}版处理决定取代第${old.version}版（案件事件 ${e.seq}）— ${String(e.data.reason ?? '')}`,
    );
  }
  await tx.query(`UPDATE decisions SET status = 'effective', effective_date = $2, updated_at = now() WHERE id = $1`, [
    decisionId,
    effectiveDate,
  ]);
  await insertHistory(tx, { decisionId, caseId, e, result: null, previous: 'pending', status: 'effective', on: effectiveDate });
  // Every author named by the decision has an integrity archive (issue 22 point 3), penalised or not.
  await ensurePersons(tx, row.form.authors);
  await recordEntries(tx, entriesOf(caseId, decisionId, row.policy_profile, row.form.authors, effectiveDate));
  await tx.query(`DELETE FROM decisions WHERE case_id = $1 AND status = 'draft'`, [caseId]);
}

/** Each penalised person's measures as registry entries: start on the effective day, end on the last barred day. */
function entriesOf(
  caseId: string,
  decisionId: string,
  profile: string,
  authors: StoredAuthor[],
  effectiveDate: string,
): NewRegistryEntry[] {
  const catalogue = getCatalogue(profile);
  const entries: NewRegistryEntry[] = [];
  for (const a of authors.filter((x) => x.penalise)) {
    for (const m of a.measures) {
      const label = catalogue.measures.find((x) => x.code === m.code)?.zh ?? m.code;
      entries.push({
        decisionId,
        caseId,
        authorOrder: a.order,
        personName: a.name,
        organisation: a.organisation,
        idNumberEnc: a.idNumberEnc,
        idNumberHash: a.idNumberHash,
        idNumberMasked: a.idNumberMasked,
        profile,
        measureCode: m.code,
        measureLabel: m.text ? `${label}：${m.text}` : label,
        startsOn: effectiveDate,
        // endsOn is the last barred day (libs/domain/src/decision/registry-bar.ts)
        endsOn: m.permanent || m.years === undefined ? null : lastBarredDay(effectiveDate, m.years),
        permanent: m.permanent === true,
        severity: a.severity ?? null,
      });
    }
  }
  return entries;
}

/**
 * A review (复查) or appeal (复核) completed: the case's decision moves as its result says (upheld: stays; changed;
 * revoked), one history row with the result that did it; a revoked decision's registry entries are revoked, each
 * change in the entry's history with the event. [decision] A changed decision's entries stay as they are: the
 * issuing organisation's integrity administrators record the new measures (PATCH /registry/entries/:id).
 */
export async function applyReviewResult(tx: EntityManager, caseId: string, e: CaseEventLike): Promise<void> {
  const stage = DECISION_EVENT_STAGES[e.type];
  if (stage !== 'review' && stage !== 'appeal') return;
  // The decision the result is about: the latest version that took effect and was not replaced.
  const [d]: Array<{ id: string; status: string; policy_profile: string }> = await tx.query(
    `SELECT d.id, d.status, c.policy_profile FROM decisions d JOIN cases c ON c.id = d.case_id
      WHERE d.case_id = $1 AND d.status IN ('effective', 'changed', 'revoked') ORDER BY d.version DESC LIMIT 1 FOR UPDATE OF d`,
    [caseId],
  );
  if (!d) return; // decided without a result form (cases from before the form): nothing to move
  const [done]: unknown[] = await tx.query(`SELECT 1 FROM decision_status_history WHERE decision_id = $1 AND case_event_seq = $2`, [
    d.id,
    e.seq,
  ]);
  if (done) return;
  const result = String(e.data.result);
  const next = statusAfterReview(d.status, result);
  if (next === null) return;
  if (next !== d.status) await tx.query(`UPDATE decisions SET status = $2, updated_at = now() WHERE id = $1`, [d.id, next]);
  await insertHistory(tx, {
    decisionId: d.id,
    caseId,
    e,
    result,
    previous: d.status,
    status: next,
    on: typeof e.data.on === 'string' ? e.data.on : null,
  });
  if (next === 'revoked') {
    const summary = typeof e.data.summary === 'string' ? ` — ${e.data.summary}` : '';
    // Cited from the case's own profile (003 art.43 / 001 art.46 for the review; art.42–43 / 45–46 for the appeal).
    const rules = getPolicyProfile(d.policy_profile).deadlines;
    const articles = (stage === 'review' ? [rules.review] : [rules.appeal_acceptance, rules.appeal])
      .filter((r): r is NonNullable<typeof r> => r !== undefined)
      .map((r) => cite(r.source, r.article));
    const cited = [...new Set(articles)].join(', ');
    const reason =
      stage === 'review'
        ? `复查撤销原处理决定（${cited}）: case event ${e.seq}${summary}`
        : `复核撤销处理决定（${cited}）: case event ${e.seq}${summary}`;
    await revokeEntriesOfDecision(tx, d.id, reason);
  }
}

async function insertHistory(
  tx: Queryable,
  h: { decisionId: string; caseId: string; e: CaseEventLike; result: string | null; previous: string; status: string; on: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO decision_status_history (decision_id, case_id, case_event_seq, event_type, result, previous_status, status, on_date, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (decision_id, case_event_seq) DO NOTHING`,
    [
      h.decisionId,
      h.caseId,
      h.e.seq,
      h.e.type,
      h.result,
      h.previous,
      h.status,
      h.on,
      typeof h.e.data.summary === 'string' ? h.e.data.summary : null,
    ],
  );
}

/** A decision's steps, oldest first. */
export async function decisionHistory(q: Queryable, decisionId: string): Promise<DecisionHistoryRow[]> {
  const rows = (await q.query(
    `SELECT case_event_seq, event_type, result, previous_status, status, to_char(on_date, 'YYYY-MM-DD') AS on_date, summary, recorded_at
       FROM decision_status_history WHERE decision_id = $1 ORDER BY case_event_seq`,
    [decisionId],
  )) as Array<{
    case_event_seq: number;
    event_type: string;
    result: string | null;
    previous_status: string;
    status: string;
    on_date: string | null;
    summary: string | null;
    recorded_at: Date;
  }>;
  return rows.map((r) => ({
    caseEventSeq: r.case_event_seq,
    eventType: r.event_type,
    result: r.result,
    previousStatus: r.previous_status,
    status: r.status,
    on: r.on_date,
    summary: r.summary,
    recordedAt: r.recorded_at.toISOString(),
  }));
}

/** A decision row as the API answers from it; `form` as stored (ID numbers sealed). */
export interface CurrentDecisionRow<F = unknown> {
  id: string;
  status: string;
  result: string | null;
  version: number;
  effective_date: string | null;
  form: F;
  updated_at: Date;
}

/**
 * The draft (`draft`), or the decision in force: effective, else the submission not yet in effect; never a superseded
 * version. Null when there is none.
 */
export async function currentDecision<F = unknown>(q: Queryable, caseId: string, draft: boolean): Promise<CurrentDecisionRow<F> | null> {
  const rows = (await q.query(
    `SELECT id, status, result, version, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, form, updated_at FROM decisions
      WHERE case_id = $1 AND ${draft ? `status = 'draft'` : `status NOT IN ('draft', 'superseded')`}
      ORDER BY (status = 'pending'), version DESC LIMIT 1`,
    [caseId],
  )) as Array<CurrentDecisionRow<F>>;
  return rows[0] ?? null;
}

/** Whether a version is being submitted (pending) for the case. */
export async function hasPendingDecision(q: Queryable, caseId: string): Promise<boolean> {
  const rows = (await q.query(`SELECT 1 FROM decisions WHERE case_id = $1 AND status = 'pending'`, [caseId])) as unknown[];
  return rows.length > 0;
}

export interface DecisionVersionRow {
  id: string;
  status: string;
  result: string | null;
  version: number;
  effective_date: string | null;
  updated_by: string;
  updated_by_name: string | null;
  updated_at: Date;
  revision_reason: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  superseded_at: Date | null;
  answers_return: Record<string, unknown> | null;
}

/** Every submitted version of the case's decision, first to last (without forms: `decisionForm`). */
export async function decisionVersions(q: Queryable, caseId: string): Promise<DecisionVersionRow[]> {
  return (await q.query(
    `SELECT d.id, d.status, d.result, d.version, to_char(d.effective_date, 'YYYY-MM-DD') AS effective_date, d.updated_by, u.name AS updated_by_name,
            d.updated_at, d.revision_reason, d.supersedes, d.superseded_by, d.superseded_at, d.answers_return
       FROM decisions d LEFT JOIN users u ON u.id = d.updated_by
      WHERE d.case_id = $1 AND d.status <> 'draft' ORDER BY d.version, d.updated_at`,
    [caseId],
  )) as DecisionVersionRow[];
}

/** One version's stored form, or null. */
export async function decisionForm<F = unknown>(q: Queryable, id: string): Promise<F | null> {
  const rows = (await q.query(`SELECT form FROM decisions WHERE id = $1`, [id])) as Array<{ form: F }>;
  return rows[0]?.form ?? null;
}

/**
 * The paper return a revision answers (002 退回修改): the latest `result_returned` of the case's problem paper while
 * the paper is returned, or null.
 */
export async function latestPaperReturn(
  q: Queryable,
  caseId: string,
): Promise<{ paper_id: string; seq: number; at: Date; data: Record<string, unknown> } | null> {
  const rows = (await q.query(
    `SELECT pe.paper_id, pe.seq, pe.at, pe.data FROM cases c JOIN problem_papers pp ON pp.id = c.paper_id AND pp.case_id = c.id
       JOIN paper_events pe ON pe.paper_id = pp.id AND pe.type = 'result_returned'
      WHERE c.id = $1 AND pp.status = 'returned' ORDER BY pe.seq DESC LIMIT 1`,
    [caseId],
  )) as Array<{ paper_id: string; seq: number; at: Date; data: Record<string, unknown> }>;
  return rows[0] ?? null;
}
