/**
 * Bounded case runs (issue 21): a case run continues as new at a quiet point once its history holds the input's
 * `runMaxEvents`, so replaying one run stays cheap however long the case lives. Driven past several run boundaries with
 * a small limit, a case keeps its phase, version, deadlines and timeline; a deadline expires on time in a later run and
 * once; a reminder sent before a boundary is not sent again after it; an Update retried with the same id after a
 * boundary answers its first result and is not applied twice; the projection has every event once. On the dev server
 * (Temporal 1.29.1), Updates sent while a run continues as new all answer once (the server aborts the ones that reached
 * the closing run with a retryable error and the call lands on the new run). Saves the histories of a run that ended
 * in continue-as-new and of the run after it for the replay test when UPDATE_HISTORIES=1.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { expect } from 'expect';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isoDateOf, SHANGHAI_OFFSET_MS } from '@libs/domain/src/calendar';
import { workingDaysBefore } from '@libs/domain/src/case/reminders';
import { actionUpdate, type CaseView } from '@workflows/definitions';
import { fetchAllRuns } from '../support/history';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';
import { act, actor, CALENDAR, getStateQuery, openTestCase, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

type History = temporal.api.history.v1.IHistory;

/** Every run of a case workflow, first to current (continue-as-new chains them). */
async function runsOf(client: Client, handle: WorkflowHandle): Promise<History[]> {
  return (await fetchAllRuns(client, handle.workflowId)).runs;
}

/** The inputs of the `notify` activities a run scheduled (reminders, escalations, procedural notices). */
function notifyInputs(h: History): Array<Record<string, unknown>> {
  return h
    .events!.map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType?.name === 'notify')
    .map((a) => JSON.parse(Buffer.from(a!.input!.payloads![0]!.data!).toString('utf8')) as Record<string, unknown>);
}

const member = (name: string) => ({ name, kind: 'team', declarationSigned: true, conflicts: [] });
const nineAm = (day: string) => Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + 9 * 3_600_000;

describe('bounded case runs: continue-as-new at a quiet point (time-skipping server)', { timeout: 300_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
  });
  after(async () => {
    await t?.stop();
  });

  const sleepUntil = async (ms: number) => t.env.sleep(Math.max(1, ms - (await t.env.currentTimeMs())));

  it('keeps state, deadlines, reminders, retried Updates and the projection across several run boundaries', async () => {
    const LIMIT = 60;
    const received = isoDateOf(await t.env.currentTimeMs());
    const { id, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received, runMaxEvents: LIMIT });
    const accepted = await act(handle, 'accept', 'case_officer');
    const investigation = accepted.deadlines.find((d) => d.kind === 'investigation')!;
    expect(investigation.status).toBe('open');

    // An Update with an id of its own (the API uses the Idempotency-Key), answered in the first run.
    const keyed = { action: 'add_member', actor: actor('case_officer'), body: member('甲') };
    const first = await handle.executeUpdate(actionUpdate, { updateId: 'bounded-retry-1', args: [keyed] });
    expect(first.version).toBe(accepted.version + 1);

    // Actions that move no due instant: the loop sleeps through them, so the full run must wake it.
    let last: CaseView = first;
    let added = 1;
    for (let i = 0; i < 24; i++, added++) last = await act(handle, 'add_member', 'case_officer', member(`成员${i}`));
    expect(last.version).toBe(first.version + 24);
    let runs = await runsOf(t.env.client, handle);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // Every finished run ended in continue-as-new near the limit: at a quiet point, so a little past it at most.
    for (const h of runs.slice(0, -1)) {
      expect(h.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      expect(h.events!.length).toBeGreaterThanOrEqual(LIMIT);
      expect(h.events!.length).toBeLessThan(LIMIT + 20);
    }

    // After the boundary: the state query, phase, version and deadlines are the last answer's.
    const state = await handle.query(getStateQuery);
    expect(state).toEqual({ ...last, deadlines: expect.any(Array) });
    expect(state.deadlines.map(({ kind, dueDate, dueAt, status }) => ({ kind, dueDate, dueAt, status }))).toEqual(
      accepted.deadlines.map(({ kind, dueDate, dueAt, status }) => ({ kind, dueDate, dueAt, status })),
    );

    // The same Update id retried in a later run: its first answer, applied once.
    const retried = await handle.executeUpdate(actionUpdate, { updateId: 'bounded-retry-1', args: [keyed] });
    expect(retried).toEqual(first);
    expect((await handle.query(getStateQuery)).version).toBe(last.version);

    // The investigation's 5-working-day reminder goes out, then more actions cross another boundary.
    const fiveBefore = workingDaysBefore(CALENDAR, investigation.dueDate, 5);
    await sleepUntil(nineAm(fiveBefore) + 3_600_000);
    await handle.query(getStateQuery);
    const reminderKey = (n: Record<string, unknown>) => `${String(n.deadlineKind)}|${String(n.dueDate)}|${String(n.stage)}`;
    const remindersSoFar = async () =>
      (await runsOf(t.env.client, handle))
        .flatMap(notifyInputs)
        .filter((n) => n.template === 'deadline_reminder' && n.deadlineKind === 'investigation')
        .map(reminderKey);
    const sentBefore = await eventually(async () => {
      const keys = await remindersSoFar();
      return keys.length > 0 && keys;
    }, 'the 5-working-day reminder of the investigation');
    const runsAtReminder = (await runsOf(t.env.client, handle)).length;
    for (let i = 0; i < 12; i++, added++) last = await act(handle, 'add_member', 'case_officer', member(`后来${i}`));
    runs = await runsOf(t.env.client, handle);
    expect(runs.length).toBeGreaterThan(runsAtReminder);

    // Past the due day, in a later run: overdue once, on time; every reminder key scheduled once in all runs.
    const due = Date.parse(investigation.dueAt);
    await sleepUntil(due + 2 * 86_400_000);
    await handle.query(getStateQuery);
    const overdue = await eventually(async () => {
      const rows: Array<{ at: Date }> = await t.db.query(
        `SELECT at FROM case_events WHERE case_id = $1 AND type = 'deadline_overdue' AND data->>'kind' = 'investigation'`,
        [id],
      );
      return rows.length > 0 && rows;
    }, 'the overdue investigation');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.at.getTime()).toBeGreaterThanOrEqual(due);
    expect(overdue[0]!.at.getTime()).toBeLessThan(due + 60_000);
    expect((await handle.query(getStateQuery)).deadlines.find((d) => d.kind === 'investigation')!.status).toBe('overdue');

    const keys = await remindersSoFar();
    expect(keys.length).toBeGreaterThan(sentBefore.length);
    expect(keys.slice(0, sentBefore.length)).toEqual(sentBefore);
    expect(new Set(keys).size).toBe(keys.length);

    // The projection: every event once, in order, the row at the workflow's version.
    const events: Array<{ seq: number; type: string }> = await t.db.query(
      `SELECT seq, type FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [id],
    );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'member_added')).toHaveLength(added);
    const [row] = (await t.db.query(`SELECT version, phase FROM cases WHERE id = $1`, [id])) as Array<{ version: number; phase: string }>;
    const final = await handle.query(getStateQuery);
    expect(row).toEqual({ version: final.version, phase: final.phase });
    expect(final.version).toBeGreaterThanOrEqual(last.version);

    if (process.env.UPDATE_HISTORIES === '1') {
      // A run that ended in continue-as-new, and the run after it (it starts from the carry).
      writeFileSync(join(ROOT, 'test', 'histories', 'bounded-run-continued-as-new.json'), historyToJSON(runs[0]!));
      writeFileSync(join(ROOT, 'test', 'histories', 'bounded-run-from-carry.json'), historyToJSON(runs[1]!));
    }
  });
});

describe('bounded case runs: Updates while a run continues as new (dev server, Temporal 1.29.1)', { timeout: 300_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv({ server: 'dev' });
  });
  after(async () => {
    await t?.stop();
  });

  it('Updates sent in bursts across run boundaries all answer, each applied once', async () => {
    const received = isoDateOf(Date.now());
    const { id, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received, runMaxEvents: 40 });
    const accepted = await act(handle, 'accept', 'case_officer');
    const N = 48;
    const answers: CaseView[] = [];
    // Bursts of 4 at once: some reach a run while it is closing (its continue-as-new workflow task in flight).
    for (let b = 0; b < N / 4; b++) {
      answers.push(
        ...(await Promise.all(
          [0, 1, 2, 3].map((k) =>
            handle.executeUpdate(actionUpdate, {
              updateId: `burst-${b}-${k}`,
              args: [{ action: 'add_member', actor: actor('case_officer'), body: member(`并发${b}-${k}`) }],
            }),
          ),
        )),
      );
    }
    // Each answer shows the case after its own action (concurrent ones may show each other's too).
    expect(answers.every((a) => a.version > accepted.version && a.version <= accepted.version + N)).toBe(true);
    const runs = await runsOf(t.env.client, handle);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect((await handle.query(getStateQuery)).version).toBe(accepted.version + N);
    // Retried after the boundaries: first answers, nothing applied again.
    const again = await handle.executeUpdate(actionUpdate, {
      updateId: 'burst-0-0',
      args: [{ action: 'add_member', actor: actor('case_officer'), body: member('并发0-0') }],
    });
    expect(again).toEqual(answers[0]);
    await eventually(async () => {
      const [row] = (await t.db.query(`SELECT version FROM cases WHERE id = $1`, [id])) as Array<{ version: number }>;
      return row?.version === accepted.version + N;
    }, 'the projection at the last version');
    const added: Array<{ n: number }> = await t.db.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'member_added'`,
      [id],
    );
    expect(added[0]!.n).toBe(N);
  });
});
