/**
 * Procedural notifications (issue 7): the case workflow mails the people concerned when a procedural event happens,
 * through the real `notify` activity and outbox, to a real SMTP server (smtp-server + mailparser). Asserts recipients,
 * subject and body of each mail, that the reporter mail reaches only a real-name reporter, and that one event gives
 * exactly one mail per recipient even when the activity is retried.
 * Seeds: 003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, isoDateOf, WorkingCalendar } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { calendarLoadedSignal } from '@workflows/definitions';
import type { ReceivedMail } from '../support/smtp';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';
import { act, CALENDAR_YEARS, getStateQuery, openTestCase, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

const HANDLERS_B = ['hospb.admin@example.org', 'hospb.officer@example.org'];
const HANDLERS_A = ['hospa.admin@example.org', 'hospa.officer@example.org'];
const REPORTER = 'reporter.li@mail.test';
const UNIT = 'integrity@partner-university.test';
/** An officer of 洛阳市卫生健康委员会, the superior authority hearing hospital B's appeals (003 art.42). */
const CITY_B_OFFICER = 'cityb.officer@example.org';

describe('procedural notifications (time-skipping server, real SMTP)', { timeout: 240_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
    await t.db.query(
      `INSERT INTO users (id, username, name, email, org_id, roles, password_hash) VALUES (gen_random_uuid(), 'cityb.officer', '洛阳市办案人员', $1, $2, '["case_officer"]', 'x')`,
      [CITY_B_OFFICER, DEMO_ORGS.cityB.id],
    );
  });
  after(async () => {
    await t?.stop();
  });

  const mailsOf = (number: string) => t.smtp.mails.filter((m) => m.subject.includes(number));
  const to = (ms: ReceivedMail[]) => ms.flatMap((m) => m.envelope.to).sort();
  const undelivered = (caseId: string): Promise<Array<{ actor: unknown; data: Record<string, unknown> }>> =>
    t.db.query(`SELECT actor, data FROM case_events WHERE case_id = $1 AND type = 'notice_undelivered' ORDER BY seq`, [caseId]);
  const setReporter = (caseId: string, reporter: Record<string, unknown> | null) =>
    t.db.query(`UPDATE cases SET reporter = $2 WHERE id = $1`, [caseId, reporter ? JSON.stringify(reporter) : null]);
  /** Waits until the mails of `number` whose subject contains `topic` reach `count`, then a little more (none extra). */
  async function mailsAbout(number: string, topic: string, count: number): Promise<ReceivedMail[]> {
    const got = await eventually(async () => {
      const ms = mailsOf(number).filter((m) => m.subject.includes(topic));
      return ms.length >= count && ms;
    }, `${count} mail(s) "${topic}" of ${number}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsOf(number).filter((m) => m.subject.includes(topic)).length).toBe(got.length);
    return got;
  }
  async function saveHistory(name: string, h: WorkflowHandle): Promise<void> {
    if (process.env.UPDATE_HISTORIES !== '1') return;
    const dir = join(ROOT, 'test', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), historyToJSON(await h.fetchHistory()));
  }

  it('national-2022, whole procedure: each event mails its audience once, with case number, deadline and what to do', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { id, number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    await setReporter(id, { name: '李四', contact: REPORTER, realName: true });

    // 003 art.14: the acceptance decision goes to the real-name reporter, and to nobody else.
    await act(handle, 'accept', 'case_officer');
    const [accepted] = await mailsAbout(number, '举报受理情况告知', 1);
    expect(accepted!.envelope.to).toEqual([REPORTER]);
    expect(accepted!.subject).toBe(`【科研诚信】${number} 举报受理情况告知：予以受理`);
    expect(accepted!.text).toContain(`案件编号：${number}`);
    expect(accepted!.text).toContain('予以受理');
    expect(accepted!.text).not.toContain('http'); // no link for a reporter
    expect(accepted!.text).not.toContain('李四');

    for (const name of ['甲', '乙'])
      await act(handle, 'add_member', 'case_officer', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act(handle, 'approve_plan', 'unit_head');
    await act(handle, 'record_interview', 'investigator', { investigators: ['甲', '乙'] });
    await act(handle, 'submit_report', 'investigator', { signedBy: ['甲', '乙'] });

    // 003 art.24: participating units named by the officer: an organisation's integrity admins and an address.
    await act(handle, 'notify_participating_units', 'case_officer', { orgIds: [DEMO_ORGS.hospitalA.id], emails: [UNIT] });
    const units = await mailsAbout(number, '调查处理情况告知', 2);
    expect(to(units)).toEqual(['hospa.admin@example.org', UNIT].sort());
    expect(units[0]!.text).toContain('第二十四条');
    expect(to(units)).not.toContain(REPORTER);

    // 003 art.27: proposed decision notified; the handlers are told the defence deadline.
    const sent = await act(handle, 'send_proposed_decision', 'case_officer');
    const defenceDue = sent.deadlines.find((d) => d.kind === 'defence')!.dueDate;
    const proposed = await mailsAbout(number, '拟处理意见已告知', 2);
    expect(to(proposed)).toEqual(HANDLERS_B);
    expect(proposed[0]!.subject).toContain(`截止 ${defenceDue}`);
    expect(proposed[0]!.text).toContain(`期限：陈述与申辩，截止 ${defenceDue}`);
    expect(proposed[0]!.text).toContain(`/api/v1/cases/${id}`);

    // 003 art.28: decision delivered to the parties and the real-name reporter told; review window 003 art.41.
    await act(handle, 'waive_defence', 'case_officer');
    await act(handle, 'decide', 'unit_head', { outcome: 'no_misconduct' });
    const delivered = await act(handle, 'deliver_decision', 'case_officer');
    const reviewDue = delivered.deadlines.find((d) => d.kind === 'review_application')!.dueDate;
    const delivery = await mailsAbout(number, '处理决定已送达', 3);
    expect(to(delivery)).toEqual([...HANDLERS_B, REPORTER].sort());
    for (const m of delivery) expect(m.text).toContain(`复查申请期限，截止 ${reviewDue}`);
    const toReporter = delivery.find((m) => m.envelope.to.includes(REPORTER))!;
    expect(toReporter.text).toContain('书面申请复查');
    expect(toReporter.text).not.toContain('http');
    expect(toReporter.text).not.toContain('test case'); // no case title in a reporter's mail

    // 003 art.41–43: review result to handlers and reporter; the appeal window follows.
    await act(handle, 'apply_review', 'case_officer');
    await act(handle, 'accept_review', 'case_officer');
    const reviewed = await act(handle, 'complete_review', 'unit_head', { result: 'upheld' });
    const appealDue = reviewed.deadlines.find((d) => d.kind === 'appeal_application')!.dueDate;
    const review = await mailsAbout(number, '复查结果', 3);
    expect(to(review)).toEqual([...HANDLERS_B, REPORTER].sort());
    expect(review[0]!.subject).toBe(`【科研诚信】${number} 复查结果：维持原处理决定`);
    expect(review[0]!.text).toContain(`截止 ${appealDue}`);

    // 003 art.42–43: the appeal goes to the superior authority (the API resolves it from the tree: the city commission),
    // whose officers are told and hear it; its result is final; the case closes and the workflow ends after the mails.
    await act(handle, 'apply_appeal', 'case_officer', { appealOrgId: DEMO_ORGS.cityB.id });
    const lodged = await mailsAbout(number, '收到申诉（复核）', 1);
    expect(to(lodged)).toEqual([CITY_B_OFFICER]);
    expect(lodged[0]!.text).toContain('003 art.42–43');
    await act(handle, 'accept_appeal', 'case_officer', {}, { orgId: DEMO_ORGS.cityB.id });
    await act(handle, 'complete_appeal', 'unit_head', { result: 'changed' }, { orgId: DEMO_ORGS.cityB.id });
    const appeal = await mailsAbout(number, '复核（申诉）结果', 3);
    expect(to(appeal)).toEqual([...HANDLERS_B, REPORTER].sort());
    expect(appeal[0]!.text).toContain('复核结果为最终结果');
    await handle.result();

    // Exactly one mail per event and recipient; the reporter's address appears only on mails addressed to the reporter.
    const all = mailsOf(number);
    const keys = all.map((m) => `${m.subject}|${m.envelope.to.join(',')}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.filter((m) => m.envelope.to.includes(REPORTER)).length).toBe(4);
    expect(all.filter((m) => m.envelope.to.includes(CITY_B_OFFICER)).length).toBe(1);
    expect(all.every((m) => !`${m.text}${m.subject}${m.to ?? ''}`.includes(REPORTER) || m.envelope.to.includes(REPORTER))).toBe(true);
    const rows: Array<{ status: string; n: number }> = await t.db.query(
      `SELECT status, count(*)::int AS n FROM notifications WHERE case_id = $1 GROUP BY status`,
      [id],
    );
    expect(rows).toEqual([{ status: 'sent', n: all.length }]);
    await saveHistory('procedural-national-full', handle);
  });

  it('an anonymous reporter gets nothing; henan-2021: a refusal with its reason and the right to object, then the upheld objection', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const anon = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    await setReporter(anon.id, { name: '匿名', contact: 'anon@mail.test', realName: false });
    await act(anon.handle, 'reject', 'case_officer', { reason: 'no_evidence' });
    const [row] = await eventually(async () => {
      const r: Array<{ n: number }> = await t.db.query(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'rejected'`,
        [anon.id],
      );
      return r[0]!.n === 1 && r;
    }, 'rejection projected');
    expect(row).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(t.smtp.mailsTo('anon@mail.test')).toEqual([]);
    expect(mailsOf(anon.number)).toEqual([]);
    // An anonymous reporter is nobody to tell: no notice is missing from the timeline.
    expect(await undelivered(anon.id)).toEqual([]);

    // 001 art.14: refusal notified with reasons; the reporter may object; an objection that holds means acceptance.
    const henan = await openTestCase(t, { org: 'hospitalA', receivedAt: received });
    await setReporter(henan.id, { name: '王五', contact: REPORTER, realName: true });
    await act(henan.handle, 'reject', 'case_officer', { reason: 'no_evidence' });
    const [refusal] = await mailsAbout(henan.number, '不予受理', 1);
    expect(refusal!.envelope.to).toEqual([REPORTER]);
    expect(refusal!.text).toContain('理由：没有明确的证据和可查线索');
    expect(refusal!.text).toContain('如有异议');
    await act(henan.handle, 'uphold_objection', 'case_officer');
    const [upheld] = await mailsAbout(henan.number, '予以受理', 1);
    expect(upheld!.envelope.to).toEqual([REPORTER]);
    expect(to(mailsOf(henan.number))).not.toEqual(expect.arrayContaining(HANDLERS_A));
  });

  it('a real-name reporter who gave no e-mail address: the timeline says the acceptance decision was not e-mailed, and why', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { id, number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    await setReporter(id, { name: '赵六', contact: '13800000000', realName: true }); // a phone number
    const accepted = await act(handle, 'accept', 'case_officer');
    const events = await eventually(async () => {
      const rows = await undelivered(id);
      return rows.length > 0 && rows;
    }, 'notice_undelivered of the acceptance decision');
    expect(events).toEqual([
      {
        actor: null,
        data: {
          template: 'acceptance_decision',
          audience: 'reporter',
          stage: expect.stringMatching(/^accepted#/),
          failed: 0,
          unknown: 0,
          unaddressed: 1,
          reason: 'the reporter gave no e-mail address',
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('13800000000'); // the contact stays in cases.reporter
    expect(mailsOf(number)).toEqual([]);
    // A system event: officers' If-Match version is unchanged.
    expect((await handle.query(getStateQuery)).version).toBe(accepted.version);
  });

  it('a calendar reload that moves a due date tells the handlers the old and the new date', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const accepted = await act(handle, 'accept', 'case_officer');
    const before = accepted.deadlines.find((d) => d.kind === 'investigation')!;
    const year = Number(before.dueDate.slice(0, 4));
    expect(CALENDAR_YEARS.some((y) => y.year === year)).toBe(false); // a year whose notice is not loaded yet
    // A notice that makes the due day a holiday: the deadline moves to the next working day.
    const notice = { year, holidays: [before.dueDate], makeupWorkdays: [] };
    const expected = computeDeadline(new WorkingCalendar([...CALENDAR_YEARS, notice]), isoDateOf(await t.env.currentTimeMs()), {
      amount: 6,
      unit: 'months',
    });
    expect(expected.dueDate).not.toBe(before.dueDate);
    await handle.signal(calendarLoadedSignal, { year: notice });
    const [moved, ...rest] = await mailsAbout(number, '截止日期调整为', 2);
    expect(to([moved!, ...rest])).toEqual(HANDLERS_B);
    expect(moved!.subject).toBe(`【科研诚信】${number} 调查处理期限截止日期调整为 ${expected.dueDate}`);
    expect(moved!.text).toContain(`由 ${before.dueDate} 调整为 ${expected.dueDate}`);
    expect((await handle.query(getStateQuery)).deadlines.find((d) => d.kind === 'investigation')!.dueDate).toBe(expected.dueDate);
    await saveHistory('procedural-calendar-reload', handle);
  });

  /** A national-2022 case at hospital B with its investigation report in: the next step is the proposed decision. */
  async function caseWithReport() {
    const opened = await openTestCase(t, { org: 'hospitalB', receivedAt: isoDateOf(await t.env.currentTimeMs()) });
    await act(opened.handle, 'accept', 'case_officer');
    for (const name of ['甲', '乙'])
      await act(opened.handle, 'add_member', 'case_officer', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act(opened.handle, 'approve_plan', 'unit_head');
    await act(opened.handle, 'submit_report', 'investigator', { signedBy: ['甲', '乙'] });
    return opened;
  }

  it('the activity fails half-way (one of two recipients dropped) and is retried: still exactly one mail each', async () => {
    const { id, number, handle } = await caseWithReport();
    // The first message to the officer is dropped without an answer: the admin's mail is accepted, the activity fails.
    let dropped = 0;
    t.smtp.onMessage = (m) =>
      m.subject.includes(number) && m.envelope.to.includes('hospb.officer@example.org') && dropped++ === 0 ? 'drop' : 'accept';
    try {
      await act(handle, 'send_proposed_decision', 'case_officer');
      await eventually(async () => dropped === 1, 'the first attempt reached the officer and was dropped');
      await t.env.sleep('30 seconds'); // past the retry backoff (10 s)
      const mails = await mailsAbout(number, '拟处理意见已告知', 2);
      expect(to(mails)).toEqual(HANDLERS_B);
      expect(
        t.smtp.transmissions.filter((m) => m.subject.includes(number) && m.envelope.to.includes('hospb.admin@example.org')).length,
      ).toBe(1);
      expect(
        t.smtp.transmissions.filter((m) => m.subject.includes(number) && m.envelope.to.includes('hospb.officer@example.org')).length,
      ).toBe(2);
      const rows: Array<{ email: string; status: string; attempts: number }> = await t.db.query(
        `SELECT recipient_email AS email, status, attempts FROM notifications WHERE case_id = $1 AND kind = 'proposed_decision_notice' ORDER BY 1`,
        [id],
      );
      expect(rows).toEqual([
        { email: 'hospb.admin@example.org', status: 'sent', attempts: 1 },
        { email: 'hospb.officer@example.org', status: 'sent', attempts: 2 },
      ]);
      await saveHistory('procedural-retried-activity', handle);
    } finally {
      t.smtp.onMessage = undefined;
    }
  });

  it('a mail refused for good is an event of the case: the timeline shows who was not told, and the case goes on', async () => {
    const { id, number, handle } = await caseWithReport();
    // The officer's mailbox does not exist (550): a permanent refusal, given up at once; the admin's mail goes out.
    t.smtp.onMessage = (m) =>
      m.subject.includes(number) && m.envelope.to.includes('hospb.officer@example.org')
        ? { code: 550, message: '5.1.1 mailbox unavailable' }
        : 'accept';
    try {
      const sent = await act(handle, 'send_proposed_decision', 'case_officer');
      const events = await eventually(async () => {
        const rows = await undelivered(id);
        return rows.length > 0 && rows;
      }, 'notice_undelivered in the projection');
      expect(events).toEqual([
        {
          actor: null,
          data: {
            template: 'proposed_decision_notice',
            audience: 'handlers',
            stage: expect.stringMatching(/^proposed_decision_sent#/),
            deadlineKind: 'defence',
            failed: 1,
            unknown: 0,
          },
        },
      ]);
      expect(to(await mailsAbout(number, '拟处理意见已告知', 1))).toEqual(['hospb.admin@example.org']);
      const [row]: Array<{ status: string; last_error: string }> = await t.db.query(
        `SELECT status, last_error FROM notifications WHERE case_id = $1 AND kind = 'proposed_decision_notice' AND recipient_email = 'hospb.officer@example.org'`,
        [id],
      );
      expect(row).toMatchObject({ status: 'failed', last_error: expect.stringContaining('550') });
      // A system event: the version officers send in If-Match is unchanged, and the case goes on.
      const v = await handle.query(getStateQuery);
      expect(v.version).toBe(sent.version);
      expect((await act(handle, 'waive_defence', 'case_officer')).version).toBe(v.version + 1);
      await saveHistory('procedural-undelivered-notice', handle);
    } finally {
      t.smtp.onMessage = undefined;
    }
  });
});
