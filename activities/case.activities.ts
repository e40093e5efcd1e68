import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EntityManager } from 'typeorm';
import { DECISION_EVENT_STAGES } from '../libs/domain/src/decision';
import { reporterNoticeOwed } from '../libs/domain/src/case/periods';
import { checkDocumentRecord, DOCUMENT_EVENT } from '../libs/domain/src/documents/record';
import { denyCaseAccessForRecusal } from '../libs/persistence/src/case-access-denials';
import { openingOrg } from '../libs/persistence/src/case-opening';
import { loadCalendarYears } from '../libs/persistence/src/case-numbers';
import { insertCaseRow } from '../libs/persistence/src/case-registration';
import { moveMergedCase } from '../libs/persistence/src/case-links';
import { recordDocumentRows } from '../libs/persistence/src/case-documents';
import { applyReviewResult, reviseDecision, takeEffect } from '../libs/persistence/src/decisions';
import { caseWorkflow } from '../workflows/case.workflow';
import type { CaseActivities, OpenTransferredCaseInput, ProjectCaseInput } from './case-activities.interface';

/**
 * Writes the workflow's state into the PostgreSQL projection. Idempotent: events are keyed by (case_id, seq),
 * the case row only moves forward (a retried or late activity with an older sequence changes nothing),
 * deadlines are upserted by (case_id, kind).
 */
@Injectable()
export class CaseActivitiesService implements CaseActivities {
  constructor(private readonly dataSource: DataSource) {}

  async projectCase(input: ProjectCaseInput): Promise<void> {
    // The common case in one statement (one round trip, atomic): the case row moves forward, events and deadlines land.
    // Anything else (a decision or a generated document to record, the row not there yet or already further on) takes the full path below,
    // which is idempotent, so repeating what the statement may have done changes nothing.
    if (!input.events.some((e) => movesDecision(e) || e.type === DOCUMENT_EVENT || e.type === 'merged_into' || e.type === 'recusal_upheld')) {
      const [{ updated }]: Array<{ updated: number }> = await this.dataSource.query(PROJECT_IN_ONE_STATEMENT, [
        ...caseRowParams(input),
        JSON.stringify(input.events),
        JSON.stringify(input.deadlines),
      ]);
      if (updated === 1) return;
    }
    await this.dataSource.transaction(async (tx) => {
      const updated = await tx.queryRunner!.query(
        `UPDATE cases SET phase = $2, version = $3, last_event_seq = $4, next_due_date = $5, overdue = $6,
                allowed_actions = COALESCE($7::jsonb, allowed_actions), blocked_actions = COALESCE($8::jsonb, blocked_actions),
                appeal_org_id = COALESCE($9::uuid, appeal_org_id), updated_at = now()
          WHERE id = $1 AND last_event_seq <= $4
          RETURNING handling_org_path`,
        caseRowParams(input),
        true,
      );
      const rows = updated.records as Array<{ handling_org_path: string }>;
      if (rows.length === 0) {
        const exists: unknown[] = await tx.query(`SELECT 1 FROM cases WHERE id = $1`, [input.caseId]);
        // The API commits the case row right after the workflow starts; until then, retry (the activity's policy).
        if (exists.length === 0) throw new Error(`case ${input.caseId} is not registered yet`);
      }
      for (const e of input.events) {
        await tx.query(
          `INSERT INTO case_events (case_id, seq, type, at, actor, data) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (case_id, seq) DO NOTHING`,
          [input.caseId, e.seq, e.type, e.at, e.actor ? JSON.stringify(e.actor) : null, JSON.stringify(e.data)],
        );
      }
      // A decision's transitions (libs/persistence/src/decisions.ts, the one writer of `decisions`): it takes effect, a
      // corrected version replaces it (issue 18), a review or appeal result changes or revokes it (issue 17), in event order.
      for (const e of input.events) {
        const stage = DECISION_EVENT_STAGES[e.type];
        if (stage === 'decision') await takeEffect(tx, input.caseId, e);
        else if (stage === 'revision') await reviseDecision(tx, input.caseId, e);
        else if (stage) await applyReviewResult(tx, input.caseId, e);
        // A generated document lands with the event that records it (libs/persistence/src/case-documents.ts).
        if (e.type === DOCUMENT_EVENT) await recordDocumentRows(tx, input.caseId, e.seq, checkDocumentRecord(e.data), String(e.actor?.userId));
        // Issue 23: a merge moves this case's reports, reporter and evidence to the surviving case, with the event.
        if (e.type === 'merged_into' && typeof e.data.caseId === 'string') {
          await moveMergedCase(tx, input.caseId, {
            intoCaseId: e.data.caseId,
            note: typeof e.data.note === 'string' ? e.data.note : null,
            actorUserId: e.actor?.userId ?? null,
            seq: e.seq,
          });
        }
        // 003 art.45 / 001 art.49: an upheld recusal keeps the member's account out of the case (issue 17 point 5).
        if (e.type === 'recusal_upheld' && typeof e.data.userId === 'string' && e.actor?.userId) {
          await denyCaseAccessForRecusal(tx, {
            caseId: input.caseId,
            userId: e.data.userId,
            decidedBy: e.actor.userId,
            reason: `回避（${String(e.data.article ?? '003 art.45')}）: requested by the ${String(e.data.requestedBy)} — ${String(e.data.reason ?? '')}`.slice(0, 2000),
          });
        }
      }
      if (rows.length === 0) return; // a newer projection already landed: events are in, state stays as it is
      const orgPath = rows[0]!.handling_org_path;
      for (const d of input.deadlines) {
        await tx.query(
          `INSERT INTO case_deadlines (case_id, kind, due_date, due_at, provisional, status, handling_org_path, suspended_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (case_id, kind) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at,
             provisional = EXCLUDED.provisional, status = EXCLUDED.status, handling_org_path = EXCLUDED.handling_org_path,
             suspended_on = EXCLUDED.suspended_on
           WHERE (case_deadlines.due_date, case_deadlines.due_at, case_deadlines.provisional, case_deadlines.status, case_deadlines.handling_org_path,
                  case_deadlines.suspended_on)
                 IS DISTINCT FROM (EXCLUDED.due_date, EXCLUDED.due_at, EXCLUDED.provisional, EXCLUDED.status, EXCLUDED.handling_org_path,
                  EXCLUDED.suspended_on)`,
          [input.caseId, d.kind, d.dueDate, d.dueAt, d.provisional, d.status, orgPath, d.suspendedOn ?? null],
        );
      }
    });
  }

  /**
   * A transfer opens a linked case at the receiving organisation (issue 17 point 4; 003 art.14 "可转送相关责任单位";
   * 001 art.14 "应转送相关责任单位"): source `transfer`, the transferring organisation recorded as such (its reports
   * go there, 003 art.25, 28), the same reporter record and subjects, its acceptance deadline counted from the transfer
   * date, its own workflow started by reference. Idempotent by the source case: a retry finds the row and only makes
   * sure the workflow runs.
   */
  async openTransferredCase(input: OpenTransferredCaseInput): Promise<{ caseId: string; number: string; orgId: string }> {
    const existing: Array<{ id: string; number: string }> = await this.dataSource.query(
      `SELECT id, number FROM cases WHERE transferred_from_case_id = $1`,
      [input.sourceCaseId],
    );
    const [source]: Array<{ id: string; number: string; title: string; handling_org_id: string; details: unknown; reporter: unknown; lead_unit: unknown }> =
      await this.dataSource.query(`SELECT id, number, title, handling_org_id, details, reporter, lead_unit FROM cases WHERE id = $1`, [input.sourceCaseId]);
    const org = await openingOrg(this.dataSource, input.toOrgId);
    if (!source || !org) throw ApplicationFailure.nonRetryable(`case ${input.sourceCaseId} or organisation ${input.toOrgId} does not exist`, 'TransferTargetMissing');
    let row = existing[0];
    if (!row) {
      row = await this.dataSource.transaction(async (tx) => {
        const id = randomUUID();
        const number = await insertCaseRow(tx, {
          id,
          title: source.title,
          source: 'transfer',
          handlingOrgId: org.id,
          handlingOrgPath: org.path,
          policyProfile: org.profile.code,
          receivedAt: input.receivedAt,
          details: (source.details ?? {}) as Record<string, unknown>,
          reporter: source.reporter,
          transferredBy: { orgId: source.handling_org_id },
          leadUnit: source.lead_unit,
          transferredFromCaseId: source.id,
        });
        return { id, number };
      });
    }
    const ctx = Context.current();
    try {
      await ctx.client.workflow.start(caseWorkflow, {
        workflowId: row.number,
        taskQueue: ctx.info.taskQueue,
        args: [
          {
            caseId: row.id,
            number: row.number,
            handlingOrgId: org.id,
            policyProfile: org.profile.code,
            receivedAt: input.receivedAt,
            source: 'transfer',
            calendar: await loadCalendarYears(this.dataSource),
            openedBy: input.actor,
            ...(org.reminderPolicy ? { reminderPolicy: org.reminderPolicy } : {}),
            reporterNotice: reporterNoticeOwed(source.reporter),
            reportTo: { transferringAuthority: true, leadUnit: source.lead_unit !== null },
            transferredFrom: { caseId: source.id, number: source.number, orgId: source.handling_org_id },
            periods: { defence: org.defencePeriod },
          },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { caseId: row.id, number: row.number, orgId: org.id };
  }
}

/** The projection's common case as one statement; $10 = events, $11 = deadlines (JSON arrays). Deadlines are written only
 * when the case row moved forward (joined on `upd`), as in the full path, and only those that changed: most actions
 * move no deadline, and an unchanged one rewritten would cost a new row version, its index entries and three trigger
 * calls (overdue history, supervision counters) for nothing. */
const PROJECT_IN_ONE_STATEMENT = `
  WITH upd AS (
    UPDATE cases SET phase = $2, version = $3, last_event_seq = $4, next_due_date = $5, overdue = $6,
           allowed_actions = COALESCE($7::jsonb, allowed_actions), blocked_actions = COALESCE($8::jsonb, blocked_actions),
           appeal_org_id = COALESCE($9::uuid, appeal_org_id), updated_at = now()
     WHERE id = $1 AND last_event_seq <= $4
    RETURNING handling_org_path
  ), ev AS (
    INSERT INTO case_events (case_id, seq, type, at, actor, data)
    SELECT $1, e.seq, e.type, e.at, CASE WHEN jsonb_typeof(e.actor) = 'object' THEN e.actor END, e.data
      FROM upd, jsonb_to_recordset($10::jsonb) AS e(seq int, type text, at timestamptz, actor jsonb, data jsonb)
    ON CONFLICT (case_id, seq) DO NOTHING
  ), dl AS (
    INSERT INTO case_deadlines (case_id, kind, due_date, due_at, provisional, status, handling_org_path, suspended_on)
    SELECT $1, d.kind, d."dueDate", d."dueAt", d.provisional, d.status, upd.handling_org_path, d."suspendedOn"
      FROM upd, jsonb_to_recordset($11::jsonb) AS d(kind text, "dueDate" date, "dueAt" timestamptz, provisional boolean, status text, "suspendedOn" date)
     WHERE NOT EXISTS (
       SELECT 1 FROM case_deadlines x
        WHERE x.case_id = $1 AND x.kind = d.kind AND x.due_date IS NOT DISTINCT FROM d."dueDate" AND x.due_at IS NOT DISTINCT FROM d."dueAt"
          AND x.provisional = d.provisional AND x.status = d.status AND x.handling_org_path = upd.handling_org_path
          AND x.suspended_on IS NOT DISTINCT FROM d."suspendedOn")
    ON CONFLICT (case_id, kind) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at,
      provisional = EXCLUDED.provisional, status = EXCLUDED.status, handling_org_path = EXCLUDED.handling_org_path,
      suspended_on = EXCLUDED.suspended_on
  )
  SELECT count(*)::int AS updated FROM upd`;

/** A decision took effect or was revised, or a review (复查) or appeal (复核) completed: the full path records the step. */
function movesDecision(e: ProjectCaseInput['events'][number]): boolean {
  return Object.prototype.hasOwnProperty.call(DECISION_EVENT_STAGES, e.type);
}

/** $1–$9 of both projection paths: id, phase, version, last event seq, next due date, overdue, allowed and blocked
 * actions, the organisation hearing the appeal. */
function caseRowParams(input: ProjectCaseInput): unknown[] {
  return [
    input.caseId,
    input.phase,
    input.version,
    input.lastEventSeq,
    nextDue(input),
    input.deadlines.some((d) => d.status === 'overdue'),
    input.allowedActions ? JSON.stringify(input.allowedActions) : null,
    input.blockedActions ? JSON.stringify(input.blockedActions) : null,
    input.appealOrgId ?? null,
  ];
}

function nextDue(input: ProjectCaseInput): string | null {
  const open = input.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue').map((d) => d.dueDate);
  return open.length ? open.sort()[0]! : null;
}
