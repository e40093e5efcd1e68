import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { effectiveReminderPolicy } from '@libs/domain/src/case/reminders';
import { getPolicyProfile } from '@libs/domain/src/policy';
import { loadCalendarYears, nextCaseNumber } from '@libs/persistence/src/case-numbers';
import { openingOrg } from '@libs/persistence/src/case-opening';
import { caseOfPaperDispatch, insertPaperCase } from '@libs/persistence/src/cases';
import { organisationPathAndProfile } from '@libs/persistence/src/organisations';
import { paperForCase } from '@libs/persistence/src/papers';
import { writePaperProjection } from '@libs/persistence/src/paper-projection';
import { loadCaseRunMaxEvents } from '@libs/config/src/config';
import { caseWorkflow } from '@workflows/case.workflow';
import { actionUpdate, paperMovedSignal } from '@workflows/definitions';
import { LeadStore } from '@libs/persistence/src/leads';
import type { OpenPaperCaseInput, PaperActivities, ProjectPaperInput, TransferPaperCaseInput } from './paper-activities.interface';

/**
 * The problem-paper workflow's side effects. Each one is idempotent: a retry, a replay or a worker crash writes and
 * starts nothing twice. (`notifyPaper` lives with the other mails in NotificationActivitiesService, on libs/notifications.)
 */
@Injectable()
export class PaperActivitiesService implements Omit<PaperActivities, 'notifyPaper'> {
  private readonly leads: LeadStore;

  constructor(private readonly ds: DataSource) {
    this.leads = new LeadStore(ds);
  }

  /** Events keyed by (paper_id, seq); the paper row only moves forward and is not written when nothing changes
   *  (libs/persistence paper-projection). */
  async projectPaper(input: ProjectPaperInput): Promise<void> {
    await this.projectPaperRow(input);
    await this.moveLead(input);
  }

  /**
   * A lead of the national import follows its paper (issue 22, "triaged by dispatch"): after each projection its open
   * lead is told where the paper is and whether a case opened for it. The lead ignores a move it has seen (by the
   * paper's event sequence), so a retried projection signals harmlessly. Outside an activity (tests) nothing is sent.
   */
  private async moveLead(input: ProjectPaperInput): Promise<void> {
    let client;
    try {
      client = Context.current().client;
    } catch {
      return;
    }
    const lead = await this.leads.openLeadOfPaper(this.ds, input.paperId);
    if (!lead) return;
    const org = await this.leads.org(this.ds, input.holderOrgId);
    if (!org) return;
    const reminders = effectiveReminderPolicy(org.reminder_policy, org.profile_reminder_policy);
    try {
      await client.workflow.getHandle(lead.workflow_id).signal(paperMovedSignal, {
        seq: input.lastEventSeq,
        holder: {
          orgId: org.id,
          path: org.path,
          level: org.level,
          name: org.name,
          profile: org.policy_profile,
          ...(reminders.source === 'default' ? {} : { reminders: reminders.policy }),
        },
        caseId: input.caseId,
        caseNumber: input.caseNumber,
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  private async projectPaperRow(input: ProjectPaperInput): Promise<void> {
    await this.ds.transaction((tx) => writePaperProjection(tx, input));
  }

  /**
   * The paper becomes a case at the institution (RULES.md §2: source "retraction"): the case row with its number is
   * written once per (paper, dispatch), then the case workflow is started by reference; a retry finds the row and only
   * makes sure the workflow runs. Deadlines count from the day the institution received it.
   */
  async openPaperCase(input: OpenPaperCaseInput): Promise<{ caseId: string; caseNumber: string }> {
    let row = await caseOfPaperDispatch(this.ds, input.paperId, input.dispatchSeq);
    if (!row) {
      row = await this.ds.transaction(async (tx) => {
        const paper = await paperForCase(tx, input.paperId);
        const org = await organisationPathAndProfile(tx, input.institutionOrgId);
        if (!paper || !org)
          throw ApplicationFailure.nonRetryable(`paper ${input.paperId} or organisation ${input.institutionOrgId} does not exist`);
        const id = randomUUID();
        const number = await nextCaseNumber(tx, input.receivedAt);
        await insertPaperCase(tx, {
          id,
          number,
          title: paper.title,
          handlingOrgId: input.institutionOrgId,
          handlingOrgPath: org.path,
          policyProfile: getPolicyProfile(org.policy_profile).code,
          receivedAt: input.receivedAt,
          details: {
            allegations: [],
            subjects: paper.authors.map((name) => ({ name })),
            paper: {
              title: paper.title,
              journal: paper.journal,
              doi: paper.doi,
              batch: paper.batch,
              number: paper.number,
              retractionDate: paper.retraction_date,
              monitoringSource: paper.source,
            },
          },
          paperId: input.paperId,
          dispatchSeq: input.dispatchSeq,
        });
        return { id, number };
      });
    }
    // Reminder stages and the defence period as for any new case: the organisation's own, else its policy profile's,
    // else the default (libs/persistence/src/case-opening.ts).
    const org = (await openingOrg(this.ds, input.institutionOrgId))!;
    const ctx = Context.current();
    try {
      await ctx.client.workflow.start(caseWorkflow, {
        workflowId: row.number,
        taskQueue: ctx.info.taskQueue,
        args: [
          {
            caseId: row.id,
            number: row.number,
            handlingOrgId: input.institutionOrgId,
            policyProfile: org.profile.code,
            receivedAt: input.receivedAt,
            source: 'retraction',
            calendar: await loadCalendarYears(this.ds),
            openedBy: {
              userId: input.actor.userId,
              role: input.actor.role,
              orgId: input.actor.orgId,
              ...(input.actor.name ? { name: input.actor.name } : {}),
            },
            ...(org.reminderPolicy ? { reminderPolicy: org.reminderPolicy } : {}),
            // A retracted paper has no reporter to notify (issue 17 point 7) and nobody it reports back to.
            reporterNotice: false,
            reportTo: { transferringAuthority: false, leadUnit: false },
            periods: { defence: org.defencePeriod },
            // The case knows its paper: it offers the revision of its decision while the result is back with the institution.
            ...(input.linkResult ? { paperId: input.paperId } : {}),
            // Issue 21: the run's length limit, from the worker's environment (checked when the worker started).
            runMaxEvents: loadCaseRunMaxEvents(),
          },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { caseId: row.id, caseNumber: row.number };
  }

  /** The misrouted paper's case ends through its own `transfer` action (Update id = the return's key: never twice). */
  async transferPaperCase(input: TransferPaperCaseInput): Promise<{ ok: boolean; error?: string }> {
    try {
      await Context.current()
        .client.workflow.getHandle(input.caseNumber)
        .executeUpdate(actionUpdate, {
          // The paper workflow dispatches the paper again, and that opens the case where it belongs: this transfer opens
          // no linked case (issue 17 point 4).
          args: [{ action: 'transfer', actor: input.actor, body: { toOrgId: input.toOrgId, reason: input.reason, opensCase: false } }],
          updateId: input.updateId,
        });
      return { ok: true };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return { ok: false, error: err.cause?.message ?? err.message };
      throw err;
    }
  }
}
