/**
 * Timer paths of the case workflow on Temporal's time-skipping server, with the real projection activity writing to a
 * real PostgreSQL. Expected dates are computed from the business dates with the real 2024–2026 calendar (the server
 * clock starts at real time, so weekdays are never hard-coded).
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, extendDeadline, isoDateOf, shiftForSuspension } from '@libs/domain/src/calendar';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';
import {
  act,
  CALENDAR,
  getStateQuery,
  HENAN_CHECKERS,
  openTestCase,
  startWorkflowEnv,
  type WorkflowTestEnv,
} from '../support/workflow-env';

const DAY = 86_400_000;

describe('case workflow timers (time-skipping server)', { timeout: 120_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
  });
  after(async () => {
    await t?.stop();
  });

  const today = async () => isoDateOf(await t.env.currentTimeMs());
  const state = (h: WorkflowHandle) => h.query(getStateQuery);
  const deadline = async (h: WorkflowHandle, kind: string) => (await state(h)).deadlines.find((d) => d.kind === kind);

  /** Saves a representative history for the replay test (test/histories), when UPDATE_HISTORIES=1. */
  async function saveHistory(name: string, h: WorkflowHandle): Promise<void> {
    if (process.env.UPDATE_HISTORIES !== '1') return;
    const dir = join(ROOT, 'test', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), historyToJSON(await h.fetchHistory()));
  }

  /** intake -> investigation -> report -> heard -> decided -> delivered, with the profile's minimum team. */
  async function driveToDelivery(h: WorkflowHandle, profile: 'national' | 'henan', outcome = 'no_misconduct') {
    await act(h, 'accept', 'case_officer', profile === 'henan' ? { checkedBy: HENAN_CHECKERS } : {});
    const team = profile === 'henan' ? ['甲', '乙', '丙'] : ['甲', '乙'];
    for (const name of team) await act(h, 'add_member', 'case_officer', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act(h, 'approve_plan', 'unit_head');
    await act(h, 'record_interview', 'investigator', { investigators: ['甲', '乙'] });
    await act(h, 'submit_report', 'investigator', { signedBy: team });
    await act(h, 'send_proposed_decision', 'case_officer');
    await act(h, 'waive_defence', 'case_officer');
    await act(h, 'decide', 'unit_head', { outcome });
    return act(h, 'deliver_decision', 'case_officer');
  }

  it('acceptance deadline missed: the deadline turns overdue with an event, and the case waits in intake', async () => {
    const received = await today();
    const { id, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const due = computeDeadline(CALENDAR, received, { amount: 15, unit: 'working_days' }); // 003 art.14
    expect(await deadline(handle, 'acceptance')).toMatchObject({ dueDate: due.dueDate, status: 'open' });

    await t.env.sleep(due.dueAtMs - (await t.env.currentTimeMs()) - 60_000); // one minute before the end of the due day
    expect(await deadline(handle, 'acceptance')).toMatchObject({ status: 'open' });

    await t.env.sleep('2 minutes');
    await eventually(async () => (await deadline(handle, 'acceptance'))?.status === 'overdue', 'acceptance overdue');
    const v = await state(handle);
    expect(v.phase).toBe('intake');
    expect(v.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'transfer']));

    const events = await eventually(async () => {
      const rows: Array<{ type: string; data: Record<string, unknown> }> = await t.db.query(
        `SELECT type, data FROM case_events WHERE case_id = $1 ORDER BY seq`,
        [id],
      );
      return rows.some((r) => r.type === 'deadline_overdue') && rows;
    }, 'deadline_overdue in the projection');
    expect(events.find((e) => e.type === 'deadline_overdue')!.data).toEqual({
      kind: 'acceptance',
      dueDate: due.dueDate,
      article: '003 art.14',
    }); // 003 art.14, the case's own profile
    const [row] = await t.db.query(`SELECT phase, overdue FROM cases WHERE id = $1`, [id]);
    expect(row).toEqual({ phase: 'intake', overdue: true });
    await saveHistory('national-acceptance-overdue', handle);
  });

  it('6-month investigation: an extension inside the cap moves the due date, one beyond the cap is refused before history', async () => {
    const received = await today();
    const { handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    await act(handle, 'accept', 'case_officer');
    const sixMonths = computeDeadline(CALENDAR, received, { amount: 6, unit: 'months' }); // 003 art.25
    expect(await deadline(handle, 'investigation')).toMatchObject({ dueDate: sixMonths.dueDate });

    await act(handle, 'request_extension', 'case_officer', { months: 4, reason: '需补充实验记录' });
    const approved = await act(handle, 'decide_extension', 'unit_head', { approve: true });
    const extended = extendDeadline(CALENDAR, sixMonths.dueDate, { amount: 4, unit: 'months' });
    expect(approved.deadlines.find((d) => d.kind === 'investigation')).toMatchObject({ dueDate: extended.dueDate });

    const accepted = async () =>
      (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    const acceptedBefore = await accepted();
    const refused = await act(handle, 'request_extension', 'case_officer', { months: 3, reason: 'again' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('VALIDATION_FAILED');
    expect(String((refused as Error).cause)).toMatch(/exceeds the cap: 4 of 6 month/);
    expect(await accepted()).toBe(acceptedBefore); // the validator refused it: the Update never entered history

    const v = await state(handle);
    await t.env.sleep(extended.dueAtMs - (await t.env.currentTimeMs()) + 60_000);
    await eventually(async () => (await deadline(handle, 'investigation'))?.status === 'overdue', 'investigation overdue');
    expect((await state(handle)).phase).toBe('investigation');
    expect((await state(handle)).version).toBe(v.version + 1);
    await saveHistory('national-investigation-extension', handle);
  });

  it('suspension stops the clock: on resume every running deadline moves by the calendar days suspended', async () => {
    const received = await today();
    const { handle } = await openTestCase(t, { org: 'hospitalA', receivedAt: received });
    await act(handle, 'accept', 'case_officer', { checkedBy: HENAN_CHECKERS });
    const before = await deadline(handle, 'investigation');
    const notice = await deadline(handle, 'reporter_notice');
    await act(handle, 'suspend', 'unit_head', { reason: '当事人出国' });
    expect((await state(handle)).allowedActions).toEqual(expect.arrayContaining(['resume', 'terminate']));
    await t.env.sleep(10 * DAY);
    const resumed = await act(handle, 'resume', 'case_officer');
    expect(resumed.phase).toBe('investigation');
    // 003 art.23 / RULES.md §3: shifted by 10 calendar days, then moved to a working day.
    expect(resumed.deadlines.find((d) => d.kind === 'investigation')!.dueDate).toBe(
      shiftForSuspension(CALENDAR, before!.dueDate, 10).dueDate,
    );
    const noticeAfter = resumed.deadlines.find((d) => d.kind === 'reporter_notice')!;
    // the reporter notice (5 working days) was already overdue during the suspension: it moved too
    expect(noticeAfter.dueDate).toBe(shiftForSuspension(CALENDAR, notice!.dueDate, 10).dueDate);
    await saveHistory('henan-suspension', handle);
  });

  it('the review application window expiring closes the case (national: 15 working days)', async () => {
    const { handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: await today() });
    const delivered = await driveToDelivery(handle, 'national');
    const deliveredOn = await today();
    expect(delivered.phase).toBe('appeal_window');
    const window = computeDeadline(CALENDAR, deliveredOn, { amount: 15, unit: 'working_days' }); // 003 art.41
    expect(delivered.deadlines.find((d) => d.kind === 'review_application')).toMatchObject({ dueDate: window.dueDate, status: 'open' });
    const result = await handle.result(); // time skips while the result is awaited
    expect(result.phase).toBe('closed');
    expect(result.deadlines.find((d) => d.kind === 'review_application')!.status).toBe('closed');
    expect(isoDateOf(await t.env.currentTimeMs()) > window.dueDate).toBe(true);
    await saveHistory('national-full-to-window-closed', handle);
  });

  it('henan: the review application window is 15 calendar days (001 art.44)', async () => {
    const { handle } = await openTestCase(t, { org: 'hospitalA', receivedAt: await today() });
    const delivered = await driveToDelivery(handle, 'henan');
    const window = computeDeadline(CALENDAR, await today(), { amount: 15, unit: 'days' });
    expect(delivered.deadlines.find((d) => d.kind === 'review_application')!.dueDate).toBe(window.dueDate);
    expect((await handle.result()).phase).toBe('closed');
  });

  it('review: accepted within 15 working days, completed within 90 working days, overdue after that', async () => {
    const { handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: await today() });
    await driveToDelivery(handle, 'national', 'misconduct');
    await act(handle, 'apply_review', 'case_officer');
    const accepted = await act(handle, 'accept_review', 'case_officer');
    expect(accepted.phase).toBe('review');
    const review = computeDeadline(CALENDAR, await today(), { amount: 90, unit: 'working_days' }); // 003 art.43
    expect(accepted.deadlines.find((d) => d.kind === 'review')).toMatchObject({ dueDate: review.dueDate, status: 'open' });
    await t.env.sleep(review.dueAtMs - (await t.env.currentTimeMs()) + 60_000);
    await eventually(async () => (await deadline(handle, 'review'))?.status === 'overdue', 'review overdue');
    expect((await state(handle)).phase).toBe('review'); // a missed deadline never advances the case
    const done = await act(handle, 'complete_review', 'unit_head', { result: 'upheld' });
    expect(done.phase).toBe('appeal_window');
    expect(done.deadlines.find((d) => d.kind === 'review')!.status).toBe('met');
    await saveHistory('national-review-overdue', handle);
  });
});
