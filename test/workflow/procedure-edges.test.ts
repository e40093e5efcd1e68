/**
 * The procedure-edge rules of issue 17 in the case workflow (patched('procedure-edges')), on Temporal's time-skipping
 * server with the real projection, transfer and notify activities, a real PostgreSQL and a real SMTP server. Each test
 * saves its history for the replay tests (UPDATE_HISTORIES=1). Expected dates come from the business dates with the
 * real calendar (the server clock starts at real time, so no weekday is hard-coded).
 * Seeds: 003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addCalendarDays, computeDeadline, isoDateOf, remainingWorkingDays, shiftForSuspension } from '@libs/domain/src/calendar';
import { SHANGHAI_OFFSET_MS } from '@libs/domain/src/calendar';
import { workingDaysBefore } from '@libs/domain/src/case/reminders';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { getStateQuery } from '@workflows/definitions';
import { ROOT } from '../support/servers';
import type { MessageDecision } from '../support/smtp';
import { eventually } from '../support/wait';
import { act, CALENDAR, demoUser, HENAN_CHECKERS, openTestCase, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

const DAY = 86_400_000;
const CITY_B = DEMO_ORGS.cityB.id;
const CITY_B_OFFICER = 'cityb.officer@example.org';
const REPORTER = 'reporter.zhao@mail.test';

describe('procedure at its edges (issue 17): workflow on the time-skipping server', { timeout: 300_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
    await t.db.query(
      `INSERT INTO users (id, username, name, email, org_id, roles, password_hash) VALUES (gen_random_uuid(), 'cityb.officer', '洛阳市办案人员', $1, $2, '["case_officer"]', 'x')`,
      [CITY_B_OFFICER, CITY_B],
    );
  });
  after(async () => {
    await t?.stop();
  });

  const today = async () => isoDateOf(await t.env.currentTimeMs());
  const state = (h: WorkflowHandle) => h.query(getStateQuery);
  const mailsOf = (number: string) => t.smtp.mails.filter((m) => m.subject.includes(number));
  const events = (caseId: string): Promise<Array<{ type: string; actor: { orgId?: string } | null; data: Record<string, unknown> }>> =>
    t.db.query(`SELECT type, actor, data FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId]);
  const nineAm = (day: string) => Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + 9 * 3_600_000;
  const sleepUntil = async (ms: number) => t.env.sleep(Math.max(0, ms - (await t.env.currentTimeMs())));

  async function saveHistory(name: string, h: WorkflowHandle): Promise<void> {
    if (process.env.UPDATE_HISTORIES !== '1') return;
    const dir = join(ROOT, 'test', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), historyToJSON(await h.fetchHistory()));
  }

  /** Accepted, team of two, plan approved, interview by the team, report in: national at hospital B. */
  async function reported(h: WorkflowHandle) {
    await act(h, 'accept', 'case_officer');
    for (const name of ['甲', '乙'])
      await act(h, 'add_member', 'case_officer', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act(h, 'approve_plan', 'unit_head');
    await act(h, 'record_interview', 'investigator', { investigators: ['甲', '乙'] });
    await act(h, 'submit_report', 'investigator', { signedBy: ['甲', '乙'] });
  }
  async function delivered(h: WorkflowHandle) {
    await reported(h);
    await act(h, 'send_proposed_decision', 'case_officer');
    await act(h, 'waive_defence', 'case_officer');
    await act(h, 'decide', 'unit_head', { outcome: 'misconduct' });
    return act(h, 'deliver_decision', 'case_officer');
  }

  it('7. henan: the acceptance notice e-mailed to the real-name reporter meets the reporter notice; no reminder nags the officer', async () => {
    const received = await today();
    const { id, number, handle } = await openTestCase(t, {
      org: 'hospitalA',
      receivedAt: received,
      reporterNotice: true,
      reporter: { name: '赵六', contact: REPORTER, realName: true },
    });
    const accepted = await act(handle, 'accept', 'case_officer', { checkedBy: HENAN_CHECKERS });
    const due = accepted.deadlines.find((d) => d.kind === 'reporter_notice')!;
    expect(due.status).toBe('open');
    // 001 art.14: the mail goes out behind the action; its result meets the notice.
    await eventually(
      async () => (await state(handle)).deadlines.find((d) => d.kind === 'reporter_notice')?.status === 'met',
      'reporter notice met by the mail',
    );
    expect(t.smtp.mailsTo(REPORTER).filter((m) => m.subject.includes(number)).length).toBe(1);
    const notified = (
      await eventually(async () => {
        const es = await events(id);
        return es.some((e) => e.type === 'reporter_notified') && es;
      }, 'reporter_notified projected')
    ).find((e) => e.type === 'reporter_notified')!;
    expect(notified).toEqual({
      type: 'reporter_notified',
      actor: null,
      data: { on: await today(), channel: 'email', template: 'acceptance_decision', article: '001 art.14' },
    });
    expect((await state(handle)).allowedActions).not.toContain('notify_reporter');
    // past the notice's 1-day reminder and its due day: nothing about it goes to the officers, nothing goes overdue
    await sleepUntil(nineAm(due.dueDate) + 2 * DAY);
    await state(handle);
    expect(mailsOf(number).filter((m) => m.subject.includes('通知实名举报人'))).toEqual([]);
    expect((await events(id)).filter((e) => e.type === 'deadline_overdue')).toEqual([]);
    await saveHistory('edges-reporter-notice-mailed', handle);
  });

  it("7. a notice's result that comes back while reminders go out is projected at once (patched flush-after-reminders)", async () => {
    // Received 20 days ago: the acceptance deadline's reminder is due at once. The SMTP server holds it until the
    // reporter's acceptance mail is in, so the reporter notice is met while the reminder loop is still sending.
    const reporter = 'reporter.held@mail.test';
    const { id, number, handle } = await openTestCase(t, {
      org: 'hospitalA',
      receivedAt: addCalendarDays(await today(), -20),
      reporterNotice: true,
      reporter: { name: '孙九', contact: reporter, realName: true },
    });
    let reporterIn = false;
    t.smtp.onMessage = async (m): Promise<MessageDecision> => {
      if (!m.subject.includes(number)) return 'accept';
      if (m.envelope.to.includes(reporter)) {
        reporterIn = true;
        return 'accept';
      }
      await eventually(async () => reporterIn, 'the reporter mail first');
      await new Promise((r) => setTimeout(r, 1000));
      return 'accept';
    };
    try {
      await eventually(async () => t.smtp.transmissions.some((m) => m.subject.includes(number)), 'a reminder on its way');
      await act(handle, 'accept', 'case_officer', { checkedBy: HENAN_CHECKERS });
      const notified = await eventually(
        async () => (await events(id)).find((e) => e.type === 'reporter_notified'),
        'reporter_notified projected',
      );
      expect(notified.data).toMatchObject({ channel: 'email', template: 'acceptance_decision' });
      const [row] = await t.db.query(`SELECT status FROM case_deadlines WHERE case_id = $1 AND kind = 'reporter_notice'`, [id]);
      expect(row).toEqual({ status: 'met' });
      expect(mailsOf(number).some((m) => !m.envelope.to.includes(reporter))).toBe(true); // the held reminder went out too
    } finally {
      t.smtp.onMessage = undefined;
    }
    await saveHistory('edges-notice-during-reminders', handle);
  });

  it('7. henan, a retraction case (no reporter): no reporter notice is opened at all', async () => {
    const { handle } = await openTestCase(t, { org: 'hospitalA', receivedAt: await today(), reporterNotice: false, source: 'retraction' });
    const accepted = await act(handle, 'accept', 'case_officer', { checkedBy: HENAN_CHECKERS });
    expect(accepted.deadlines.map((d) => d.kind).sort()).toEqual(['acceptance', 'investigation']);
  });

  it('2 and 14. suspension asked by an officer and approved by the unit head; the deadlines show `suspended` and stop counting', async () => {
    const { id, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: await today() });
    await act(handle, 'accept', 'case_officer');
    const refused = await act(handle, 'suspend', 'case_officer', { reason: '关键信息不充分' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('FORBIDDEN');
    expect(String((refused as Error).cause)).toContain('003 art.23');
    await act(handle, 'request_suspension', 'case_officer', { reason: '关键信息不充分' });
    const suspendedOn = await today();
    const suspended = await act(handle, 'decide_suspension', 'unit_head', { approve: true });
    expect(suspended.phase).toBe('suspended');
    const inv = suspended.deadlines.find((d) => d.kind === 'investigation')!;
    expect(inv.status).toBe('suspended');
    expect(inv.remainingWorkingDays).toBe(remainingWorkingDays(CALENDAR, suspendedOn, inv.dueDate));
    const [row] = await t.db.query(
      `SELECT status, to_char(suspended_on, 'YYYY-MM-DD') AS suspended_on FROM case_deadlines WHERE case_id = $1 AND kind = 'investigation'`,
      [id],
    );
    expect(row).toEqual({ status: 'suspended', suspended_on: suspendedOn });
    const [c] = await t.db.query(`SELECT overdue, next_due_date FROM cases WHERE id = $1`, [id]);
    expect(c).toEqual({ overdue: false, next_due_date: null }); // nothing runs while suspended

    await t.env.sleep(10 * DAY);
    expect((await state(handle)).deadlines.find((d) => d.kind === 'investigation')).toEqual(inv); // still counted to the suspension day
    const resumed = await act(handle, 'resume', 'case_officer');
    const moved = resumed.deadlines.find((d) => d.kind === 'investigation')!;
    expect(moved).toMatchObject({ status: 'open', dueDate: shiftForSuspension(CALENDAR, inv.dueDate, 10).dueDate });
    const [after] = await t.db.query(`SELECT status, suspended_on FROM case_deadlines WHERE case_id = $1 AND kind = 'investigation'`, [id]);
    expect(after).toEqual({ status: 'open', suspended_on: null });
    await saveHistory('edges-suspension-requested', handle);
  });

  it('4. a transfer opens the linked case at the receiving organisation: own workflow, acceptance from the transfer date, same reporter', async () => {
    const reporter = { name: '钱七', contact: REPORTER, realName: true };
    const { id, number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: await today(), reporter, reporterNotice: true });
    const transferredOn = await today();
    const done = await act(handle, 'transfer', 'case_officer', { toOrgId: DEMO_ORGS.hospitalA.id, reason: '不属于本单位职责范围' });
    expect(done.phase).toBe('transferred');
    const [target]: Array<{
      id: string;
      number: string;
      source: string;
      handling_org_id: string;
      received_at: string;
      reporter: unknown;
      transferred_by: unknown;
    }> = await t.db.query(
      `SELECT id, number, source, handling_org_id, to_char(received_at, 'YYYY-MM-DD') AS received_at, reporter, transferred_by FROM cases WHERE transferred_from_case_id = $1`,
      [id],
    );
    expect(target).toMatchObject({
      source: 'transfer',
      handling_org_id: DEMO_ORGS.hospitalA.id,
      received_at: transferredOn,
      reporter,
      transferred_by: { orgId: DEMO_ORGS.hospitalB.id },
    });
    const targetHandle = t.env.client.workflow.getHandle(target.number);
    const opened = await targetHandle.query(getStateQuery);
    expect(opened.phase).toBe('intake');
    expect(opened.policyProfile).toBe('henan-2021');
    expect(opened.deadlines.find((d) => d.kind === 'acceptance')!.dueDate).toBe(
      computeDeadline(CALENDAR, transferredOn, { amount: 15, unit: 'working_days' }).dueDate,
    );
    // both timelines point to each other
    const source = await eventually(async () => {
      const es = await events(id);
      return es.some((e) => e.type === 'transfer_case_opened') && es;
    }, 'transfer_case_opened');
    expect(source.find((e) => e.type === 'transfer_case_opened')!.data).toEqual({
      caseId: target.id,
      number: target.number,
      toOrgId: DEMO_ORGS.hospitalA.id,
      article: '003 art.14',
    });
    const first = (await eventually(async () => (await events(target.id)).length > 0 && events(target.id), 'target projected'))[0]!;
    expect(first).toMatchObject({
      type: 'case_opened',
      data: { source: 'transfer', transferredFrom: { caseId: id, number, orgId: DEMO_ORGS.hospitalB.id } },
    });
    await handle.result();
    await saveHistory('edges-transfer-source', handle);
    // the linked case reports back to hospital B (its transferring authority); accepted, it owes the reporter a notice
    const acceptedThere = await act(targetHandle, 'accept', 'case_officer', { checkedBy: HENAN_CHECKERS });
    expect(acceptedThere.deadlines.map((d) => d.kind)).toContain('reporter_notice');
    await saveHistory('edges-transfer-target', targetHandle);
  });

  it('3. a transferred case reports an approved extension and, on delivery, the letter and report to the authority that transferred it', async () => {
    const { id, number, handle } = await openTestCase(t, {
      org: 'hospitalB',
      receivedAt: await today(),
      source: 'transfer',
      transferredBy: { orgId: CITY_B },
      reportTo: { transferringAuthority: true, leadUnit: false },
    });
    await act(handle, 'accept', 'case_officer');
    await act(handle, 'request_extension', 'case_officer', { months: 2, reason: '特别重大复杂' });
    const approved = await act(handle, 'decide_extension', 'unit_head', { approve: true });
    const due = approved.deadlines.find((d) => d.kind === 'investigation')!.dueDate;
    const [report] = await eventually(async () => {
      const ms = mailsOf(number).filter((m) => m.subject.includes('调查延期情况报告'));
      return ms.length > 0 && ms;
    }, 'the extension report');
    expect(report!.envelope.to).toEqual([CITY_B_OFFICER]);
    expect(report!.subject).toContain(`延至 ${due}`);
    expect(report!.text).toContain('003 art.25');
    for (const name of ['甲', '乙'])
      await act(handle, 'add_member', 'case_officer', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act(handle, 'approve_plan', 'unit_head');
    await act(handle, 'submit_report', 'investigator', { signedBy: ['甲', '乙'] });
    await act(handle, 'send_proposed_decision', 'case_officer');
    await act(handle, 'waive_defence', 'case_officer');
    await act(handle, 'decide', 'unit_head', { outcome: 'misconduct' });
    await act(handle, 'deliver_decision', 'case_officer');
    const [letter] = await eventually(async () => {
      const ms = mailsOf(number).filter((m) => m.subject.includes('报送移送单位'));
      return ms.length > 0 && ms;
    }, 'the decision report');
    expect(letter!.envelope.to).toEqual([CITY_B_OFFICER]);
    expect(letter!.text).toContain('003 art.28');
    const types = (await events(id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['extension_approved', 'extension_reported', 'decision_delivered', 'decision_reported']));
    await saveHistory('edges-transfer-reports', handle);
  });

  it('1. the appeal is heard by the city commission: its officers are told and reminded, the hospital cannot take its steps', async () => {
    const { id, number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: await today() });
    await delivered(handle);
    await act(handle, 'apply_review', 'case_officer');
    await act(handle, 'accept_review', 'case_officer');
    await act(handle, 'complete_review', 'unit_head', { result: 'upheld' });
    const applied = await act(handle, 'apply_appeal', 'case_officer', { appealOrgId: CITY_B });
    const acceptance = applied.deadlines.find((d) => d.kind === 'appeal_acceptance')!;
    const refused = await act(handle, 'accept_appeal', 'case_officer', {}, { orgId: DEMO_ORGS.hospitalB.id }).catch((e: unknown) => e);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('FORBIDDEN');
    const [row] = await t.db.query(`SELECT appeal_org_id FROM cases WHERE id = $1`, [id]);
    expect(row).toEqual({ appeal_org_id: CITY_B });
    // the 1-working-day reminder of the acceptance decision goes to the commission, not to the hospital
    await sleepUntil(nineAm(workingDaysBefore(CALENDAR, acceptance.dueDate, 1)) + 60_000);
    const reminders = await eventually(async () => {
      const ms = mailsOf(number).filter((m) => m.subject.includes('申诉受理决定'));
      return ms.some((m) => m.subject.includes('1 个工作日')) && ms;
    }, 'appeal acceptance reminder');
    expect([...new Set(reminders.flatMap((m) => m.envelope.to))]).toEqual([CITY_B_OFFICER]);
    await act(handle, 'accept_appeal', 'case_officer', {}, { orgId: CITY_B });
    const closed = await act(handle, 'complete_appeal', 'unit_head', { result: 'upheld' }, { orgId: CITY_B });
    expect(closed.phase).toBe('closed');
    const acted = (
      await eventually(async () => {
        const es = await events(id);
        return es.some((e) => e.type === 'appeal_completed') && es;
      }, 'appeal completed')
    ).filter((e) => e.type.startsWith('appeal_'));
    expect(acted.map((e) => [e.type, e.actor?.orgId])).toEqual([
      ['appeal_applied', 'org'],
      ['appeal_accepted', CITY_B],
      ['appeal_completed', CITY_B],
    ]);
    await saveHistory('edges-appeal-superior', handle);
  });

  it("5. an upheld recusal removes the member and puts their account on the case's denied-access list", async () => {
    const { id, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: await today() });
    await act(handle, 'accept', 'case_officer');
    const recused = demoUser('hospb.officer');
    for (const name of ['甲', '乙'])
      await act(handle, 'add_member', 'case_officer', {
        name,
        kind: 'team',
        declarationSigned: true,
        ...(name === '乙' ? { userId: recused } : {}),
      });
    await act(handle, 'request_recusal', 'case_officer', { requestedBy: 'reporter', member: '乙', reason: '与举报人有利害关系' });
    const decided = await act(handle, 'decide_recusal', 'unit_head', { upheld: true }, { userId: demoUser('hospb.head') });
    expect(decided.allowedActions).toContain('add_member');
    const denial = await eventually(async () => {
      const rows: Array<{ user_id: string; created_by: string; reason: string }> = await t.db.query(
        `SELECT user_id, created_by, reason FROM case_access_denials WHERE case_id = $1`,
        [id],
      );
      return rows.length > 0 && rows;
    }, 'the denied-access entry');
    expect(denial).toEqual([{ user_id: recused, created_by: demoUser('hospb.head'), reason: expect.stringContaining('003 art.45') }]);
    const refused = await act(handle, 'add_member', 'case_officer', { name: '乙', kind: 'team', declarationSigned: true }).catch(
      (e: unknown) => e,
    );
    expect(String((refused as Error).cause)).toContain('was recused on this case');
    await saveHistory('edges-recusal', handle);
  });
});
