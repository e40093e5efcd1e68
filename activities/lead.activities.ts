import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { effectiveReminderPolicy } from '@libs/domain/src/case/reminders';
import { getPolicyProfile } from '@libs/domain/src/policy';
import { openingOrg } from '@libs/persistence/src/case-opening';
import { caseOfLead, insertCaseRow } from '@libs/persistence/src/case-registration';
import { LeadStore } from '@libs/persistence/src/leads';
import { attachLeadReports } from '@libs/persistence/src/reports';
import { startCaseWorkflow } from './start-case-workflow';
import type { LeadActivities, OpenLeadCaseInput, ProjectLeadInput } from './lead-activities.interface';

/**
 * The lead workflow's side effects (issue 22), each idempotent: a retry, a replay or a worker crash writes and starts
 * nothing twice. (`notifyLead` lives with the other mails in NotificationActivitiesService, on libs/notifications.)
 */
@Injectable()
export class LeadActivitiesService implements Omit<LeadActivities, 'notifyLead'> {
  private readonly leads: LeadStore;

  constructor(private readonly ds: DataSource) {
    this.leads = new LeadStore(ds);
  }

  async projectLead(input: ProjectLeadInput): Promise<void> {
    const r = await this.leads.project(input);
    // The API commits the row right after the workflow starts; until then, retry (the activity's policy).
    if (r === 'not_registered') throw new Error(`lead ${input.leadId} is not registered yet`);
  }

  /**
   * Opens the case a lead becomes at the organisation holding it (RULES.md §2: source retraction, media or routine): the
   * case row with its number is written once per lead (`cases.lead_id` is unique), then the case workflow is started
   * by reference with the organisation's profile and reminder stages, exactly as a registration through the API; a
   * retry finds the row and only makes sure the workflow runs.
   */
  async openLeadCase(input: OpenLeadCaseInput): Promise<{ caseId: string; caseNumber: string }> {
    let row = await caseOfLead(this.ds, input.leadId);
    if (!row) {
      row = await this.ds.transaction(async (tx) => {
        const lead = await this.leads.get(input.leadId);
        const org = await this.leads.org(tx, input.orgId);
        if (!lead || !org) throw ApplicationFailure.nonRetryable(`lead ${input.leadId} or organisation ${input.orgId} does not exist`);
        const id = randomUUID();
        const number = await insertCaseRow(tx, {
          id,
          title: lead.title,
          source: input.source,
          handlingOrgId: org.id,
          handlingOrgPath: org.path,
          policyProfile: getPolicyProfile(org.policy_profile).code,
          receivedAt: input.receivedAt,
          leadId: lead.id,
          details: {
            allegations: [],
            subjects: lead.authors.map((name) => ({ name })),
            paper: {
              title: lead.title,
              journal: lead.journal,
              doi: lead.doi,
              publishedOn: lead.published_on,
              retractionDate: lead.retraction_date,
              leadNumber: lead.number,
              monitoringSource: lead.origin,
            },
            lead: { id: lead.id, number: lead.number, origin: lead.origin },
          },
        });
        // A lead made from a report of the reporter channel (issue 23): the case takes the report and its reporter.
        await attachLeadReports(tx, lead.id, id);
        return { id, number };
      });
    }
    const org = (await this.leads.org(this.ds, input.orgId))!;
    const reminders = effectiveReminderPolicy(org.reminder_policy, org.profile_reminder_policy);
    const opening = (await openingOrg(this.ds, org.id))!;
    await startCaseWorkflow(this.ds, {
      caseId: row.id,
      number: row.number,
      handlingOrgId: org.id,
      policyProfile: getPolicyProfile(org.policy_profile).code,
      receivedAt: input.receivedAt,
      source: input.source,
      openedBy: {
        userId: input.actor.userId,
        role: input.actor.role,
        orgId: input.actor.orgId,
        ...(input.actor.name ? { name: input.actor.name } : {}),
      },
      ...(reminders.source === 'default' ? {} : { reminderPolicy: reminders.policy }),
      // Issue 17: a lead has no reporter to notify and nobody it reports back to; the defence period as for any case.
      reporterNotice: false,
      reportTo: { transferringAuthority: false, leadUnit: false },
      periods: { defence: opening.defencePeriod },
    });
    return { caseId: row.id, caseNumber: row.number };
  }
}
