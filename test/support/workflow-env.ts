/**
 * Time-skipping workflow tests: the Java test server, a real PostgreSQL for the real projection activity, and a worker
 * built from a workflow bundle made once per file.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseActivitiesService } from '@activities/case.activities';
import { NotificationActivitiesService } from '@activities/notification.activities';
import { LeadActivitiesService } from '@activities/lead.activities';
import { WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { chineseDaysCalendarYears } from '@libs/domain/src/calendar/chinese-days.seed';
import { DEMO_ORGS, demoUserIdOf, prepareDatabase } from '@libs/persistence/src/seed';
import { actionUpdate, getStateQuery, type CaseView, type CaseWorkflowInput } from '@workflows/definitions';
import { caseWorkflow } from '@workflows/case.workflow';
import { quietTemporalRuntime, quietLogger } from './app';
import { notificationConfig } from './notification-config';
import { startPostgres, startTemporalDevServer, startTimeSkippingServer } from './servers';
import { startSmtpServer, type TestSmtp } from './smtp';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';

export const CALENDAR_YEARS: CalendarYear[] = chineseDaysCalendarYears(
  require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> },
).filter((y) => y.year >= 2024);
export const CALENDAR = new WorkingCalendar(CALENDAR_YEARS);

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  db: DataSource;
  taskQueue: string;
  /** A real SMTP server receiving the reminders. */
  smtp: TestSmtp;
  stop(): Promise<void>;
}

let bundle: { code: string } | undefined;

/** `server: 'dev'`: the Temporal CLI dev server (server 1.29.1, real time) instead of the time-skipping one. */
export async function startWorkflowEnv(opts: { server?: 'time-skipping' | 'dev' } = {}): Promise<WorkflowTestEnv> {
  quietTemporalRuntime();
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const pg = await startPostgres();
    cleanups.push(() => pg.stop());
    const { db } = await prepareDatabase(pg.url, { demo: true });
    cleanups.push(() => db.destroy());
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.stop());
    const env = opts.server === 'dev' ? await startTemporalDevServer() : await startTimeSkippingServer();
    cleanups.push(() => env.teardown());
    bundle ??= await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      preloadModules: WORKFLOW_PRELOAD_MODULES,
      logger: quietLogger,
    });
    const taskQueue = `wf-${randomUUID()}`;
    const activities = new CaseActivitiesService(db);
    const notifications = new NotificationActivitiesService(db, notificationConfig({ smtpUrl: smtp.url }));
    const leads = new LeadActivitiesService(db);
    // One worker for the whole environment: workflows of earlier tests keep running (sticky to their worker), and on the
    // time-skipping server a workflow task parked on a stopped worker's sticky queue would stop time from skipping.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: {
        projectCase: activities.projectCase.bind(activities),
        openTransferredCase: activities.openTransferredCase.bind(activities),
        notify: notifications.notify.bind(notifications),
        // Leads (issue 22): their projection, case registration and reminders.
        projectLead: leads.projectLead.bind(leads),
        openLeadCase: leads.openLeadCase.bind(leads),
        notifyLead: notifications.notifyLead.bind(notifications),
      },
    });
    const running = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    return {
      env,
      db,
      taskQueue,
      smtp,
      stop: async () => {
        for (const c of cleanups.reverse()) await c().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    throw err;
  }
}

export type OrgKey = 'hospitalA' | 'hospitalB';

/** A demo account's user id by username. */
export const demoUser = demoUserIdOf;

/** Henan's preliminary check (001 art.14): two accounts of hospital A (issue 17 point 10). */
export const HENAN_CHECKERS = [demoUser('hospa.officer'), demoUser('hospa.admin')];

/** What a case may be opened with besides its organisation (issue 17): as the API resolves them, optional. */
export type OpenExtras = Pick<CaseWorkflowInput, 'reporterNotice' | 'reportTo' | 'transferredFrom' | 'periods' | 'runMaxEvents'> & {
  source?: string;
  reporter?: Record<string, unknown>;
  transferredBy?: Record<string, unknown>;
};

/** Registers the case row (as the API does) and starts its workflow. */
export async function openTestCase(t: WorkflowTestEnv, opts: { org: OrgKey; receivedAt: string; number?: string } & OpenExtras) {
  const org = DEMO_ORGS[opts.org];
  const id = randomUUID();
  const number = opts.number ?? `SC-TEST-${id.slice(0, 8)}`;
  const [{ path }] = (await t.db.query(`SELECT path FROM organisations WHERE id = $1`, [org.id])) as Array<{ path: string }>;
  await t.db.query(
    `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase, reporter, transferred_by)
     VALUES ($1,$2,'test case',$7,$3,$4,$5,$6,'intake',$8,$9)`,
    [
      id,
      number,
      org.id,
      path,
      org.profile,
      opts.receivedAt,
      opts.source ?? 'report',
      opts.reporter ? JSON.stringify(opts.reporter) : null,
      opts.transferredBy ? JSON.stringify(opts.transferredBy) : null,
    ],
  );
  const handle = await t.env.client.workflow.start(caseWorkflow, {
    workflowId: number,
    taskQueue: t.taskQueue,
    args: [
      {
        caseId: id,
        number,
        handlingOrgId: org.id,
        policyProfile: org.profile,
        receivedAt: opts.receivedAt,
        source: opts.source ?? 'report',
        calendar: CALENDAR_YEARS,
        openedBy: { userId: 'test', role: 'case_officer', orgId: org.id },
        ...(opts.reporterNotice !== undefined ? { reporterNotice: opts.reporterNotice } : {}),
        ...(opts.reportTo ? { reportTo: opts.reportTo } : {}),
        ...(opts.transferredFrom ? { transferredFrom: opts.transferredFrom } : {}),
        ...(opts.periods ? { periods: opts.periods } : {}),
        ...(opts.runMaxEvents !== undefined ? { runMaxEvents: opts.runMaxEvents } : {}),
      },
    ],
  });
  return { id, number, handle };
}

/** An actor; `orgId` matters where the organisation takes part in the rule (the appeal's superior authority). */
export function actor(role: string, orgId = 'org', userId = `user-${role}`) {
  return { userId, role, orgId };
}

export async function act(
  handle: WorkflowHandle,
  action: string,
  role: string,
  body: Record<string, unknown> = {},
  who: { orgId?: string; userId?: string } = {},
): Promise<CaseView> {
  return handle.executeUpdate(actionUpdate, { args: [{ action, actor: actor(role, who.orgId, who.userId), body }] });
}

export { getStateQuery };
