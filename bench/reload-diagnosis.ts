/**
 * What the scale benchmark's calendar reload (bench/scale.bench.ts, part 2) prints about the cases a reload should
 * have moved and did not (issue 21 point 2: "no reminder lost"), and about where the time goes for one case it moved.
 *
 * For each unmoved case, by workflow id: what the projection says (phase, version, the acceptance due date), what the
 * workflow itself says (its state query: the acceptance due date, and whether that is the count with the old notice or
 * the new one), how Temporal sees it (status, a pending workflow task and its attempt) and whether its history holds
 * the `calendarLoaded` signal, with what followed it. That tells a case that is only late (signal in history, workflow
 * task pending or retried) from one that is lost (no signal, or the signal handled and the count still the old one).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { computeDeadline, WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { getPolicyProfile } from '@libs/domain/src/policy';
import { readCaseState } from '@libs/temporal/src/state-readers';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;
const typeName = (e: HistoryEvent): string => (EventType[e.eventType!] ?? String(e.eventType)).replace('EVENT_TYPE_', '');

/** Open acceptance deadlines due after the new day off with no `deadline_recomputed` event of their kind projected. */
export const UNMOVED_SQL = `
  SELECT c.id, c.number, c.phase, c.version, c.policy_profile, c.received_at::text AS received_at, d.due_date::text AS due_date
    FROM case_deadlines d JOIN cases c ON c.id = d.case_id
   WHERE d.status = 'open' AND d.kind = 'acceptance' AND d.due_date > $1::date
     AND NOT EXISTS (SELECT 1 FROM case_events e
                      WHERE e.case_id = d.case_id AND e.type = 'deadline_recomputed' AND e.data->>'kind' = 'acceptance')
   ORDER BY c.number`;

export interface UnmovedRow {
  id: string;
  number: string;
  phase: string;
  version: number;
  policy_profile: string;
  received_at: string;
  due_date: string;
}

export async function unmovedCases(db: DataSource, dayOff: string): Promise<UnmovedRow[]> {
  return (await db.query(UNMOVED_SQL, [dayOff])) as UnmovedRow[];
}

/** A promise that gives up after `ms` (a query to a workflow whose task keeps failing waits for its own timeout). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms))]);
}

/** Every run's events, oldest first (continue-as-new chains them). */
async function historyOf(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const h = await client.workflow.getHandle(workflowId).fetchHistory();
  return h.events ?? [];
}

function isCalendarSignal(e: HistoryEvent): boolean {
  return (
    e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
    e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarLoaded'
  );
}

const timeOf = (e: HistoryEvent): number => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor(Number(e.eventTime?.nanos ?? 0) / 1e6);

/** A compact line per event type: "WORKFLOW_TASK_COMPLETED 3, MARKER_RECORDED(core_local_activity) 2, …". */
function tally(events: HistoryEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    let name = typeName(e);
    if (e.activityTaskScheduledEventAttributes?.activityType?.name) name += `(${e.activityTaskScheduledEventAttributes.activityType.name})`;
    if (e.markerRecordedEventAttributes?.markerName) name += `(${e.markerRecordedEventAttributes.markerName})`;
    if (e.workflowTaskFailedEventAttributes)
      name += `(${temporal.api.enums.v1.WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes.cause!]})`;
    if (e.workflowTaskTimedOutEventAttributes)
      name += `(${temporal.api.enums.v1.TimeoutType[e.workflowTaskTimedOutEventAttributes.timeoutType!]})`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
}

/**
 * Names every unmoved case and prints what the workflow, the projection and the history say (at most `limit` of them
 * in detail). `before`/`after`: the calendar before the reload and with the new notice.
 */
export async function diagnoseUnmoved(
  db: DataSource,
  client: Client,
  rows: UnmovedRow[],
  before: CalendarYear[],
  after: CalendarYear[],
  limit = 20,
): Promise<void> {
  if (!rows.length) return;
  console.log(`UNMOVED ${rows.length} case(s): ${rows.map((r) => r.number).join(', ')}`);
  const oldCal = new WorkingCalendar(before);
  const newCal = new WorkingCalendar(after);
  for (const r of rows.slice(0, limit)) {
    const period = getPolicyProfile(r.policy_profile).deadlines.acceptance?.period;
    const expectOld = period ? computeDeadline(oldCal, r.received_at, period).dueDate : '?';
    const expectNew = period ? computeDeadline(newCal, r.received_at, period).dueDate : '?';
    const lines: string[] = [`UNMOVED ${r.number} (case ${r.id}, received ${r.received_at}, ${r.policy_profile})`];
    // read again now: the count above is a moment ago, and a late case may have moved meanwhile
    const [now] = (await db.query(
      `SELECT c.phase, c.version, d.due_date::text AS due_date,
              EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'deadline_recomputed' AND e.data->>'kind' = 'acceptance') AS moved
         FROM cases c LEFT JOIN case_deadlines d ON d.case_id = c.id AND d.kind = 'acceptance' WHERE c.id = $1`,
      [r.id],
    )) as Array<{ phase: string; version: number; due_date: string | null; moved: boolean }>;
    lines.push(
      `  projection: phase ${now?.phase ?? r.phase}, version ${now?.version ?? r.version}, acceptance due ${now?.due_date ?? '-'} (old notice gives ${expectOld}, new ${expectNew})` +
        (now?.moved ? '; moved since it was counted (late)' : ''),
    );
    try {
      const view = await within(15_000, readCaseState(client, r.number));
      const acc = view.deadlines.find((d) => d.kind === 'acceptance');
      const counted = acc?.dueDate === expectNew ? 'the NEW notice' : acc?.dueDate === expectOld ? 'the OLD notice' : 'neither';
      lines.push(
        `  workflow query: phase ${view.phase}, version ${view.version}, acceptance due ${acc?.dueDate ?? '-'} (${acc?.status ?? '-'}): counted with ${counted}`,
      );
    } catch (err) {
      lines.push(`  workflow query: FAILED ${(err as Error).message}`);
    }
    try {
      const d = await within(
        15_000,
        client.workflowService.describeWorkflowExecution({ namespace: client.options.namespace, execution: { workflowId: r.number } }),
      );
      const info = d.workflowExecutionInfo;
      const pwt = d.pendingWorkflowTask;
      lines.push(
        `  temporal: ${temporal.api.enums.v1.WorkflowExecutionStatus[info?.status ?? 0]}, ${String(info?.historyLength ?? '?')} events` +
          (pwt
            ? `; workflow task pending (${temporal.api.enums.v1.PendingWorkflowTaskState[pwt.state ?? 0]}, attempt ${pwt.attempt}, scheduled ${pwt.scheduledTime ? new Date(Number(pwt.scheduledTime.seconds) * 1000).toISOString().slice(11, 19) : '?'})`
            : '; no workflow task pending') +
          `; activities pending ${d.pendingActivities?.length ?? 0}`,
      );
    } catch (err) {
      lines.push(`  temporal: describe FAILED ${(err as Error).message}`);
    }
    try {
      const events = await within(30_000, historyOf(client, r.number));
      const i = events.findIndex(isCalendarSignal);
      if (i < 0) {
        lines.push(`  history: ${events.length} events, NO calendarLoaded signal; last: ${tally(events.slice(-8))}`);
      } else {
        const sig = events[i]!;
        const rest = events.slice(i + 1);
        lines.push(
          `  history: calendarLoaded signal at event ${String(sig.eventId)} (${new Date(timeOf(sig)).toISOString().slice(11, 19)}) of ${events.length}; after it: ${tally(rest) || 'nothing'}`,
        );
        const failures = events.filter((e) => e.workflowTaskFailedEventAttributes);
        for (const f of failures.slice(-3))
          lines.push(
            `  workflow task failed at ${String(f.eventId)}: ${(f.workflowTaskFailedEventAttributes!.failure?.message ?? '').slice(0, 300)}`,
          );
      }
    } catch (err) {
      lines.push(`  history: FAILED ${(err as Error).message}`);
    }
    const [mails] = (await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM notifications WHERE case_id = $1 AND kind = 'due_date_moved'`,
      [r.id],
    )) as Array<{ n: number; sent: number }>;
    lines.push(`  moved-due-date mails: ${mails!.n} (sent ${mails!.sent})`);
    console.log(lines.join('\n'));
  }
  if (rows.length > limit) console.log(`UNMOVED … and ${rows.length - limit} more not shown`);
}

/** The median and the 95th percentile of a list of seconds, as "p50 1.2 s, p95 3.4 s". */
function spread(xs: number[]): string {
  if (!xs.length) return '-';
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return `p50 ${at(0.5).toFixed(1)} s, p95 ${at(0.95).toFixed(1)} s`;
}

/**
 * Where a moved case's time goes: the events its history has from the reload signal on (workflow tasks, activities and
 * local-activity markers) for one case, then over a sample of moved cases the waits between them: the signal until its
 * workflow task started (queued at the worker's task queue), that task's run (recount, projection as a local activity,
 * the mail scheduled), the mail activity, and its result until the workflow task that takes it started.
 */
export async function anatomyOfMovedCase(db: DataSource, client: Client, sample = 40): Promise<void> {
  const moved = (await db.query(
    `SELECT c.id, c.number FROM cases c
      WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'deadline_recomputed')
      ORDER BY c.number`,
  )) as Array<{ id: string; number: string }>;
  const c = moved[0];
  if (!c) return;
  const events = await historyOf(client, c.number);
  const i = events.findIndex(isCalendarSignal);
  if (i < 0) return;
  const rest = events.slice(i);
  const [mails] = (await db.query(`SELECT count(*)::int AS n FROM notifications WHERE case_id = $1 AND kind = 'due_date_moved'`, [
    c.id,
  ])) as Array<{
    n: number;
  }>;
  const tasks = rest.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
  const activities = rest.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length;
  const markers = rest.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
  console.log(
    `RESULT one moved case (${c.number}) from the reload signal on: ${rest.length} events in ${((timeOf(rest.at(-1)!) - timeOf(rest[0]!)) / 1000).toFixed(1)} s; ` +
      `${tasks} workflow tasks completed, ${activities} activities, ${markers} local activities (markers), ${mails!.n} moved-due-date mails; events: ${tally(rest)}`,
  );
  console.log(
    `  timeline: ${rest.map((e) => `+${((timeOf(e) - timeOf(rest[0]!)) / 1000).toFixed(1)} ${typeName(e)}${e.activityTaskScheduledEventAttributes?.activityType?.name ? `(${e.activityTaskScheduledEventAttributes.activityType.name})` : ''}`).join(', ')}`,
  );
  // the waits over a sample of moved cases, spread over the job's order
  const picked = moved.filter((_, k) => k % Math.max(1, Math.floor(moved.length / sample)) === 0).slice(0, sample);
  const queued: number[] = [];
  const ran: number[] = [];
  const mail: number[] = [];
  const queuedAgain: number[] = [];
  const total: number[] = [];
  const timedOut = new Map<string, number>();
  let casesTimedOut = 0;
  let failed = 0;
  for (const m of picked) {
    const h = await historyOf(client, m.number).catch(() => []);
    const from = h.findIndex(isCalendarSignal);
    if (from < 0) continue;
    const r = h.slice(from);
    const t = (e: HistoryEvent | undefined) => (e ? timeOf(e) : NaN);
    const first = (type: number, after = 0) => r.slice(after).find((e) => e.eventType === type);
    const started = first(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const completed = first(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const scheduled = first(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const done = first(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    const doneAt = done ? r.indexOf(done) : -1;
    const next = doneAt >= 0 ? first(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, doneAt) : undefined;
    const ok = (x: number) => Number.isFinite(x) && x >= 0;
    const push = (xs: number[], x: number) => ok(x) && xs.push(x / 1000);
    push(queued, t(started) - t(r[0]));
    push(ran, t(completed) - t(started));
    push(mail, t(done) - t(scheduled));
    push(queuedAgain, t(next) - t(done));
    push(total, t(r.at(-1)) - t(r[0]));
    for (const e of r.filter((x) => x.workflowTaskTimedOutEventAttributes)) {
      const kind = temporal.api.enums.v1.TimeoutType[e.workflowTaskTimedOutEventAttributes!.timeoutType!] ?? '?';
      timedOut.set(kind, (timedOut.get(kind) ?? 0) + 1);
    }
    if (r.some((e) => e.workflowTaskTimedOutEventAttributes)) casesTimedOut += 1;
    failed += r.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length;
  }
  console.log(
    `RESULT the reload's path in ${total.length} moved cases (of ${moved.length}): signal → its workflow task started ${spread(queued)}; that task (recount, projection, mail scheduled) ${spread(ran)}; ` +
      `the mail activity ${spread(mail)}; its result → the next workflow task started ${spread(queuedAgain)}; signal → last event ${spread(total)}; workflow tasks timed out ${[...timedOut.values()].reduce((a, b) => a + b, 0)} in ${casesTimedOut} of these cases (${[...timedOut].map(([k, v]) => `${k.replace('TIMEOUT_TYPE_', '')} ${v}`).join(', ') || 'none'}), failed ${failed}`,
  );
}
