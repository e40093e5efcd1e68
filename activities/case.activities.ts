import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DECISION_EVENT_STAGES } from '@libs/domain/src/decision';
import { reporterNoticeOwed } from '@libs/domain/src/case/periods';
import { checkDocumentRecord, DOCUMENT_EVENT } from '@libs/domain/src/documents/record';
import { denyCaseAccessForRecusal } from '@libs/persistence/src/case-access-denials';
import { openingOrg } from '@libs/persistence/src/case-opening';
import { insertCaseRow } from '@libs/persistence/src/case-registration';
import {
  advanceCaseRow,
  caseRegistered,
  caseTransferredFrom,
  insertCaseEvent,
  projectInOneStatement,
  transferSource,
  upsertCaseDeadline,
  type CaseRowChange,
} from '@libs/persistence/src/case-projection';
import { moveMergedCase } from '@libs/persistence/src/case-links';
import { recordDocumentRows } from '@libs/persistence/src/case-documents';
import { applyReviewResult, reviseDecision, takeEffect } from '@libs/persistence/src/decisions';
import { startCaseWorkflow } from './start-case-workflow';
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
    if (
      !input.events.some((e) => movesDecision(e) || e.type === DOCUMENT_EVENT || e.type === 'merged_into' || e.type === 'recusal_upheld')
    ) {
      if (await projectInOneStatement(this.dataSource, caseRowChange(input), input.events, input.deadlines)) return;
    }
    await this.dataSource.transaction(async (tx) => {
      const rows = await advanceCaseRow(tx, caseRowChange(input));
      if (rows.length === 0) {
        // The API commits the case row right after the workflow starts; until then, retry (the activity's policy).
        if (!(await caseRegistered(tx, input.caseId))) throw new Error(`case ${input.caseId} is not registered yet`);
      }
      for (const e of input.events) await insertCaseEvent(tx, input.caseId, e);
      // A decision's transitions (libs/persistence/src/decisions.ts, the one writer of `decisions`): it takes effect, a
      // corrected version replaces it (issue 18), a review or appeal result changes or revokes it (issue 17), in event order.
      for (const e of input.events) {
        const stage = DECISION_EVENT_STAGES[e.type];
        if (stage === 'decision') await takeEffect(tx, input.caseId, e);
        else if (stage === 'revision') await reviseDecision(tx, input.caseId, e);
        else if (stage) await applyReviewResult(tx, input.caseId, e);
        // A generated document lands with the event that records it (libs/persistence/src/case-documents.ts).
        if (e.type === DOCUMENT_EVENT)
          await recordDocumentRows(tx, input.caseId, e.seq, checkDocumentRecord(e.data), String(e.actor?.userId));
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
            reason:
              `回避（${String(e.data.article ?? '003 art.45')}）: requested by the ${String(e.data.requestedBy)} — ${String(e.data.reason ?? '')}`.slice(
                0,
                2000,
              ),
          });
        }
      }
      if (rows.length === 0) return; // a newer projection already landed: events are in, state stays as it is
      const orgPath = rows[0]!.handling_org_path;
      for (const d of input.deadlines) await upsertCaseDeadline(tx, input.caseId, d, orgPath);
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
    const existing = await caseTransferredFrom(this.dataSource, input.sourceCaseId);
    const source = await transferSource(this.dataSource, input.sourceCaseId);
    const org = await openingOrg(this.dataSource, input.toOrgId);
    if (!source || !org)
      throw ApplicationFailure.nonRetryable(
        `case ${input.sourceCaseId} or organisation ${input.toOrgId} does not exist`,
        'TransferTargetMissing',
      );
    let row = existing;
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
    await startCaseWorkflow(this.dataSource, {
      caseId: row.id,
      number: row.number,
      handlingOrgId: org.id,
      policyProfile: org.profile.code,
      receivedAt: input.receivedAt,
      source: 'transfer',
      openedBy: input.actor,
      ...(org.reminderPolicy ? { reminderPolicy: org.reminderPolicy } : {}),
      reporterNotice: reporterNoticeOwed(source.reporter),
      reportTo: { transferringAuthority: true, leadUnit: source.lead_unit !== null },
      transferredFrom: { caseId: source.id, number: source.number, orgId: source.handling_org_id },
      periods: { defence: org.defencePeriod },
    });
    return { caseId: row.id, number: row.number, orgId: org.id };
  }
}

/** A decision took effect or was revised, or a review (复查) or appeal (复核) completed: the full path records the step. */
function movesDecision(e: ProjectCaseInput['events'][number]): boolean {
  return Object.prototype.hasOwnProperty.call(DECISION_EVENT_STAGES, e.type);
}

/** The case row's new values ($1–$9 of both projection paths). */
function caseRowChange(input: ProjectCaseInput): CaseRowChange {
  return {
    caseId: input.caseId,
    phase: input.phase,
    version: input.version,
    lastEventSeq: input.lastEventSeq,
    nextDueDate: nextDue(input),
    overdue: input.deadlines.some((d) => d.status === 'overdue'),
    allowedActions: input.allowedActions ?? null,
    blockedActions: input.blockedActions ?? null,
    appealOrgId: input.appealOrgId ?? null,
  };
}

function nextDue(input: ProjectCaseInput): string | null {
  const open = input.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue').map((d) => d.dueDate);
  return open.length ? open.sort()[0]! : null;
}
