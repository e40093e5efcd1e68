/**
 * Notification delivery (issue 7) against a real SMTP server (smtp-server, every message parsed with mailparser), a
 * real PostgreSQL with the migrations and demo seed, and — for the retry scenarios — a real Temporal dev server whose
 * retry policy drives the activity's attempts. Cases are written straight into `cases` (no case workflow runs, so
 * nothing but these tests sends mail).
 *
 * Exactly once, the scenarios (libs/notifications/src/delivery.ts has the protocol):
 * - same input twice, and twice at the same time: one mail per recipient;
 * - SMTP server down: every Temporal attempt records attempts/last_error, the last attempt gives up ('failed'), the
 *   rows are listed by GET /notifications?status=failed, and a later call delivers them once the server is back;
 * - the server drops the connection after the whole message arrived, without answering, on the first attempt: the
 *   message went over the wire (transmissions = 2) but was not accepted; Temporal's second attempt delivers it: one mail;
 * - the sending process is SIGKILLed after it claimed the row but before the message went out (killed from the
 *   server's connect hook, so the point is exact): a retry while the claim is fresh sends nothing, a retry after the
 *   lease sends it: one mail;
 * - the sending process is SIGKILLed after the server took the message and before the 250 could be recorded (killed
 *   from the server's DATA hook, before it answers): the retry must not send again — the row becomes 'unknown',
 *   and exactly the one mail the server accepted exists.
 */
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'expect';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { NotifyInput } from '@activities/case-activities.interface';
import { NotificationActivitiesService } from '@activities/notification.activities';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack, quietLogger } from '../support/app';
import { notificationConfig, TEST_APP_BASE_URL } from '../support/notification-config';
import { freePort } from '../support/servers';
import { startSmtpServer, type TestSmtp } from '../support/smtp';

type OrgKey = keyof typeof DEMO_ORGS;
const REPORTER = { name: '李四', contact: 'lisi@example.org', realName: true };

describe('notifications: outbox, SMTP delivery, exactly once', () => {
  let s: E2EStack;
  let smtp: TestSmtp;
  let config: ReturnType<typeof notificationConfig>;
  let service: NotificationActivitiesService;
  let temporal: Client;
  let workflowBundle: { code: string };
  let caseSeq = 0;

  before(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    s = await startStack();
    config = notificationConfig({ smtpUrl: smtp.url });
    service = new NotificationActivitiesService(s.db, config);
    temporal = new Client({ connection: await Connection.connect({ address: s.temporalAddress }) });
    workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../support/notify.workflow'), logger: quietLogger });
  });
  after(async () => {
    await temporal?.connection.close();
    await s?.stop();
    await smtp?.stop();
  });
  beforeEach(() => {
    smtp.reset();
    config.settings.smtpUrl = smtp.url;
  });

  async function newCase(
    org: OrgKey = 'hospitalA',
    reporter: Record<string, unknown> | null = null,
  ): Promise<{ id: string; number: string }> {
    const o = DEMO_ORGS[org];
    const [row]: Array<{ path: string; policy_profile: string }> = await s.db.query(
      `SELECT path, policy_profile FROM organisations WHERE id = $1`,
      [o.id],
    );
    const c = { id: randomUUID(), number: `SC-2026-9${String(++caseSeq).padStart(5, '0')}` };
    await s.db.query(
      `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase, reporter)
       VALUES ($1, $2, '论文图片重复使用', 'report', $3, $4, $5, '2026-11-02', 'intake', $6)`,
      [c.id, c.number, o.id, row!.path, row!.policy_profile, reporter ? JSON.stringify(reporter) : null],
    );
    return c;
  }

  const reminder = (caseId: string, over: Partial<NotifyInput> = {}): NotifyInput => ({
    caseId,
    template: 'deadline_reminder',
    stage: 'before_5',
    deadlineKind: 'acceptance',
    dueDate: '2026-11-23',
    audience: 'handlers',
    ...over,
  });

  const rows = (caseId: string) =>
    s.db.query(
      `SELECT recipient_email, status, attempts, last_error, next_attempt_at, handed_over_at, message_id FROM notifications WHERE case_id = $1 ORDER BY recipient_email`,
      [caseId],
    ) as Promise<
      Array<{
        recipient_email: string;
        status: string;
        attempts: number;
        last_error: string | null;
        next_attempt_at: Date | null;
        handed_over_at: Date | null;
        message_id: string;
      }>
    >;

  const auth = async (username: string) => ({ Authorization: `Bearer ${await s.login(username)}` });

  /** Runs notify through Temporal: a worker of this test on its own queue, the retry policy chosen here. */
  async function viaTemporal(input: NotifyInput, maximumAttempts: number) {
    const taskQueue = `notify-${randomUUID()}`;
    const connection = await NativeConnection.connect({ address: s.temporalAddress });
    try {
      const worker = await Worker.create({ connection, taskQueue, workflowBundle, activities: { notify: service.notify.bind(service) } });
      return await worker.runUntil(
        temporal.workflow.execute('notifyWorkflow', {
          taskQueue,
          workflowId: `notify-${randomUUID()}`,
          args: [input, { maximumAttempts, initialIntervalMs: 200 }],
        }),
      );
    } finally {
      await connection.close();
    }
  }

  /** Runs notify in a child process that the test kills at a chosen point. */
  function inChildProcess(input: NotifyInput): { exited: Promise<number | null>; output: () => string; kill: () => Promise<void> } {
    const child = spawn(
      process.execPath,
      [join(__dirname, '..', 'support', 'notify-child.js'), JSON.stringify({ databaseUrl: s.databaseUrl, smtpUrl: smtp.url, input })],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    return {
      exited,
      output: () => output,
      kill: async () => {
        child.kill('SIGKILL');
        await exited;
      },
    };
  }

  it('reminds the handlers: case officers and integrity admins of the handling organisation, not other roles, not a recused officer', async () => {
    const c = await newCase();
    const result = await service.notify(reminder(c.id));
    expect(result).toEqual({ queued: 2, sent: 2, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, unaddressed: 0 });

    const mails = await smtp.waitForMails(2);
    expect(mails.map((m) => m.envelope.to).sort()).toEqual([['hospa.admin@example.org'], ['hospa.officer@example.org']]);
    for (const m of mails) {
      expect(m.envelope.from).toBe('noreply@cases.test');
      expect(m.subject).toBe(`【科研诚信】${c.number} 初核及受理：距截止还有 5 个工作日（2026-11-23）`);
      expect(m.text).toContain(`案件编号：${c.number}`);
      expect(m.text).toContain('期限：初核及受理，截止 2026-11-23');
      expect(m.text).toContain('需要办理：完成初核，作出是否受理的决定');
      expect(m.text).toContain(`案件链接：${TEST_APP_BASE_URL}/api/v1/cases/${c.id}`);
      expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@cases\.test>$/);
    }
    expect(smtp.mailsTo('hospa.officer@example.org')[0]!.text).toContain('甲院办案人员：您好！');
    expect((await rows(c.id)).map((r) => [r.recipient_email, r.status, r.attempts])).toEqual([
      ['hospa.admin@example.org', 'sent', 1],
      ['hospa.officer@example.org', 'sent', 1],
    ]);

    // Recusal: an officer on the case's denied-access list hears nothing about it.
    const recused = await newCase();
    const officerId = demoUserId(DEMO_USERS.findIndex((u) => u.username === 'hospa.officer'));
    await s.db.query(`INSERT INTO case_access_denials (case_id, user_id, reason, created_by) VALUES ($1, $2, '回避', $2)`, [
      recused.id,
      officerId,
    ]);
    smtp.reset();
    expect(await service.notify(reminder(recused.id, { stage: 'due_today', dueDate: '2026-11-23' }))).toMatchObject({ queued: 1, sent: 1 });
    expect(smtp.mails.map((m) => m.envelope.to)).toEqual([['hospa.admin@example.org']]);
    expect(smtp.mails[0]!.subject).toContain('今日到期');
  });

  it('the same input twice, or twice at once, sends exactly one mail per recipient', async () => {
    const c = await newCase();
    await service.notify(reminder(c.id));
    expect(await service.notify(reminder(c.id))).toEqual({
      queued: 2,
      sent: 0,
      alreadySent: 2,
      failed: 0,
      unknown: 0,
      inFlight: 0,
      unaddressed: 0,
    });
    expect(smtp.mails).toHaveLength(2);

    // Concurrent calls (a retry racing a slow first attempt): one claims each row, the other finds it taken or sent.
    const input = reminder(c.id, { stage: 'before_1' });
    const both = await Promise.all([service.notify(input), service.notify(input)]);
    expect(both[0]!.sent + both[1]!.sent).toBe(2);
    expect(both.map((r) => r.sent + r.alreadySent + r.inFlight)).toEqual([2, 2]);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      smtp.mails
        .filter((m) => m.subject.includes('1 个工作日'))
        .map((m) => m.envelope.to[0])
        .sort(),
    ).toEqual(['hospa.admin@example.org', 'hospa.officer@example.org']);
    expect(smtp.transmissions).toHaveLength(4); // nothing else even went over the wire

    // A different stage, due date or deadline kind is a different notification.
    await service.notify(reminder(c.id, { stage: 'due_today' }));
    expect(smtp.mails).toHaveLength(6);
  });

  it('a reminder whose deadline moved or closed since it was queued is skipped with the reason, never sent (issue 17 point 6)', async () => {
    const c = await newCase();
    const deadline = async (dueDate: string, status: string) =>
      s.db.query(
        `INSERT INTO case_deadlines (case_id, kind, due_date, due_at, provisional, status, handling_org_path)
         SELECT $1, 'acceptance', $2::date, ($2::date + time '23:59:59') AT TIME ZONE 'Asia/Shanghai', false, $3, handling_org_path FROM cases WHERE id = $1
         ON CONFLICT (case_id, kind) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at, status = EXCLUDED.status`,
        [c.id, dueDate, status],
      );
    await deadline('2026-12-07', 'open'); // an extension moved it from 2026-11-23
    expect(await service.notify(reminder(c.id))).toEqual({
      queued: 2,
      sent: 0,
      alreadySent: 0,
      failed: 0,
      unknown: 0,
      inFlight: 0,
      stale: 2,
      unaddressed: 0,
    });
    const skipped = await s.db.query(`SELECT status, skip_reason, attempts FROM notifications WHERE case_id = $1`, [c.id]);
    expect(skipped).toEqual(
      [0, 1].map(() => ({
        status: 'skipped',
        attempts: 1,
        skip_reason: 'the acceptance deadline moved from 2026-11-23 to 2026-12-07; the reminder for 2026-11-23 is no longer due',
      })),
    );
    // The same reminder again (a retried activity): still skipped, nothing sent.
    expect(await service.notify(reminder(c.id))).toMatchObject({ sent: 0, stale: 2 });
    // The reminder for the new due date goes out; once the deadline is met, its next one does not.
    expect(await service.notify(reminder(c.id, { dueDate: '2026-12-07' }))).toMatchObject({ sent: 2 });
    await deadline('2026-12-07', 'met');
    expect(await service.notify(reminder(c.id, { dueDate: '2026-12-07', stage: 'due_today' }))).toMatchObject({ sent: 0, stale: 2 });
    expect(
      await service.notify(
        reminder(c.id, { template: 'deadline_escalation', audience: 'escalation', stage: 'escalation', dueDate: '2026-12-07' }),
      ),
    ).toMatchObject({ queued: 1, sent: 0, stale: 1 }); // zz.supervisor
    expect(smtp.mails.map((m) => m.subject).filter((x) => x.includes(c.number))).toHaveLength(2);
  });

  it("escalates to the parent organisation's supervisors and integrity admins", async () => {
    const c = await newCase('hospitalA');
    const result = await service.notify(
      reminder(c.id, { template: 'deadline_escalation', stage: 'escalation', overdueWorkingDays: 10, audience: 'escalation' }),
    );
    expect(result).toMatchObject({ queued: 1, sent: 1 });
    expect(smtp.mails.map((m) => m.envelope.to)).toEqual([['zz.supervisor@example.org']]); // 郑州市卫健委 has only its supervisor
    expect(smtp.mails[0]!.subject).toBe(`【科研诚信】${c.number} 督办：初核及受理已逾期 10 个工作日`);
    expect(smtp.mails[0]!.text).toContain('郑州市第一人民医院承办的案件');

    smtp.reset();
    const provincial = await newCase('province');
    await service.notify(reminder(provincial.id, { template: 'deadline_escalation', stage: 'escalation', audience: 'escalation' }));
    expect(smtp.mails.map((m) => m.envelope.to)).toEqual([['nhc.supervisor@example.org']]); // not the system admin

    const national = await newCase('national');
    expect(
      await service.notify(reminder(national.id, { template: 'deadline_escalation', stage: 'escalation', audience: 'escalation' })),
    ).toMatchObject({
      queued: 0,
      skipped: 'the handling organisation has no parent organisation to escalate to',
      unaddressed: 0, // the top of the tree: nobody to escalate to, nobody missed
    });
  });

  it('tells a real-name reporter at their e-mail address only; anonymous or without an address: skipped, and said so', async () => {
    const c = await newCase('hospitalA', REPORTER);
    const input: NotifyInput = {
      caseId: c.id,
      template: 'acceptance_decision',
      audience: 'reporter',
      data: { accepted: false, reason: '不属于受理范围' },
    };
    expect(await service.notify(input)).toMatchObject({ queued: 1, sent: 1 });
    expect(smtp.mails.map((m) => m.envelope.to)).toEqual([['lisi@example.org']]);
    const m = smtp.mails[0]!;
    expect(m.subject).toBe(`【科研诚信】${c.number} 举报受理情况告知：不予受理`);
    expect(m.text).toContain('如有异议'); // henan-2021 lets the reporter object
    expect(m.text).not.toContain('李四');
    expect(m.text).not.toContain('/api/v1/cases/');

    const anonymous = await newCase('hospitalA', { ...REPORTER, realName: false });
    expect(await service.notify({ ...input, caseId: anonymous.id })).toMatchObject({
      queued: 0,
      sent: 0,
      skipped: 'the reporter is anonymous (not a real-name report)',
      unaddressed: 0,
    });
    const phoneOnly = await newCase('hospitalA', { ...REPORTER, contact: '13800138000' });
    expect(await service.notify({ ...input, caseId: phoneOnly.id })).toMatchObject({
      queued: 0,
      skipped: 'the reporter gave no e-mail address',
      unaddressed: 1,
    });
    expect(smtp.mails).toHaveLength(1);
    expect(
      await s.db.query(`SELECT count(*)::int AS n FROM notifications WHERE case_id = ANY($1::uuid[])`, [[anonymous.id, phoneOnly.id]]),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses a bad input at once, non-retryable, writing nothing', async () => {
    const c = await newCase();
    await expect(service.notify(reminder(c.id, { template: 'birthday' }))).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringContaining('unknown template'),
    });
    await expect(service.notify(reminder(c.id, { dueDate: '23.11.2026' }))).rejects.toMatchObject({ nonRetryable: true });
    await expect(service.notify(reminder(c.id, { dueDate: '2026-02-30' }))).rejects.toMatchObject({ nonRetryable: true });
    expect(await rows(c.id)).toEqual([]);
  });

  it('SMTP down: each Temporal attempt records the error, the last gives up; listed as failed; a later call delivers once', async () => {
    const c = await newCase('hospitalA', REPORTER);
    config.settings.smtpUrl = `smtp://127.0.0.1:${await freePort()}`; // nothing listens there
    const handlers = reminder(c.id, { stage: 'overdue_5', overdueWorkingDays: 5 });
    const result = await viaTemporal(handlers, 2);
    expect(result).toEqual({ queued: 2, sent: 0, alreadySent: 0, failed: 2, unknown: 0, inFlight: 0, unaddressed: 0 });
    const failed = await rows(c.id);
    expect(failed).toHaveLength(2);
    for (const r of failed) {
      expect(r).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: null, handed_over_at: null });
      expect(r.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    }
    const reporterInput: NotifyInput = { caseId: c.id, template: 'acceptance_decision', audience: 'reporter', data: { accepted: true } };
    await viaTemporal(reporterInput, 1);

    // The list: failed rows of the caller's subtree, the reporter's address only for the case's handlers.
    const asAdmin = await s.http
      .get(`/api/v1/notifications?status=failed&caseId=${c.id}`)
      .set(await auth('hospa.admin'))
      .expect(200);
    expect(asAdmin.body.total).toBe(3);
    expect(asAdmin.body.items.map((i: { recipient: { email: string } }) => i.recipient.email).sort()).toEqual([
      'hospa.admin@example.org',
      'hospa.officer@example.org',
      'lisi@example.org',
    ]);
    expect(asAdmin.body.items[0]).toMatchObject({
      caseNumber: c.number,
      status: 'failed',
      attempts: expect.any(Number),
      lastError: expect.any(String),
      nextAttemptAt: null,
    });
    const asSupervisor = await s.http
      .get(`/api/v1/notifications?status=failed&caseId=${c.number}`)
      .set(await auth('henan.supervisor'))
      .expect(200);
    const masked = asSupervisor.body.items.find((i: { audience: string }) => i.audience === 'reporter');
    expect(masked.recipient).toEqual({ userId: null, username: null, email: 'l***@e***.org', masked: true });
    expect(JSON.stringify(asSupervisor.body)).not.toContain('lisi@example.org');
    const all = await s.http
      .get('/api/v1/notifications?status=failed')
      .set(await auth('henan.supervisor'))
      .expect(200);
    expect(all.body.items.some((i: { caseId: string }) => i.caseId === c.id)).toBe(true);
    const other = await s.http
      .get('/api/v1/notifications?status=failed')
      .set(await auth('hospb.admin'))
      .expect(200);
    expect(other.body.items.some((i: { caseId: string }) => i.caseId === c.id)).toBe(false);
    await s.http
      .get(`/api/v1/notifications?caseId=${c.id}`)
      .set(await auth('hospb.admin'))
      .expect(404);
    await s.http
      .get('/api/v1/notifications')
      .set(await auth('hospa.officer'))
      .expect(403);
    await s.http
      .get('/api/v1/notifications?status=lost')
      .set(await auth('hospa.admin'))
      .expect(400);
    const audited = await s.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1 AND action LIKE 'READ reporter identity%'`,
      [c.id],
    );
    expect(audited).toEqual([{ n: 1 }]); // hospa.admin's read, not the supervisor's masked one

    // Back up: the same notification again (a reset workflow, an operator) sends each failed row once.
    config.settings.smtpUrl = smtp.url;
    expect(await service.notify(handlers)).toMatchObject({ queued: 2, sent: 2 });
    expect(await service.notify(handlers)).toMatchObject({ queued: 2, sent: 0, alreadySent: 2 });
    expect(smtp.mails).toHaveLength(2);
    expect((await rows(c.id)).filter((r) => r.recipient_email !== 'lisi@example.org').map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 3],
      ['sent', 3],
    ]);
  });

  it('an attempt that is not the last records the error and when the next one comes, then throws for Temporal to retry', async () => {
    const c = await newCase();
    config.settings.smtpUrl = `smtp://127.0.0.1:${await freePort()}`;
    // Attempt 2 of 5 under a policy of 10 s doubling: the next attempt comes 20 s later.
    const env = new MockActivityEnvironment({
      attempt: 2,
      retryPolicy: { maximumAttempts: 5, initialInterval: 10_000, backoffCoefficient: 2, maximumInterval: 600_000 },
    });
    const started = Date.now();
    await expect(env.run((i: NotifyInput) => service.notify(i), reminder(c.id))).rejects.toMatchObject({
      type: 'NotificationNotDelivered',
      nonRetryable: false,
    });
    for (const r of await rows(c.id)) {
      expect(r).toMatchObject({ status: 'failed', attempts: 1, handed_over_at: null });
      const wait = r.next_attempt_at!.getTime() - started;
      expect(wait).toBeGreaterThan(15_000);
      expect(wait).toBeLessThan(30_000);
    }
    const listed = await s.http
      .get(`/api/v1/notifications?status=failed&caseId=${c.id}`)
      .set(await auth('henan.admin'))
      .expect(200);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items[0].nextAttemptAt).toEqual(expect.any(String)); // failed, and still being retried
  });

  it('the server drops the connection after DATA on the first attempt: Temporal retries, exactly one mail arrives', async () => {
    const c = await newCase();
    smtp.onMessage = () => (smtp.transmissions.length === 1 ? 'drop' : 'accept');
    const result = await viaTemporal(reminder(c.id, { template: 'deadline_escalation', stage: 'escalation', audience: 'escalation' }), 5);
    expect(result).toEqual({ queued: 1, sent: 1, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, unaddressed: 0 });
    expect(smtp.transmissions).toHaveLength(2); // the whole message went over the wire twice…
    expect(smtp.mails).toHaveLength(1); // …and was accepted once
    const [row] = await rows(c.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row!.last_error).toMatch(/ECONNECTION|closed/i); // the first attempt's error stays on record
    expect(smtp.transmissions[0]!.messageId).toBe(row!.message_id);
    expect(smtp.mails[0]!.messageId).toBe(row!.message_id);
  });

  it('a worker killed after claiming, before the message went out: retried after the lease, exactly one mail', async () => {
    const c = await newCase();
    const input = reminder(c.id, { template: 'deadline_escalation', stage: 'escalation', audience: 'escalation' });
    // The child has committed its claim before it connects; kill it right there, before the greeting.
    smtp.onConnect = async () => {
      await child.kill();
      return 'drop' as const;
    };
    const child = inChildProcess(input);
    const code = await child.exited;
    expect({ code, output: child.output() }).toEqual({ code: null, output: '' }); // killed by the signal, said nothing
    smtp.onConnect = undefined;
    expect(await rows(c.id)).toEqual([expect.objectContaining({ status: 'sending', attempts: 1, handed_over_at: null })]);

    // A retry while the claim is fresh cannot tell a dead attempt from a slow one: it leaves the row alone.
    expect(await service.notify(input)).toMatchObject({ queued: 1, sent: 0, inFlight: 1 });
    expect(smtp.transmissions).toHaveLength(0);

    // The lease runs out (time passes): the claim never handed anything over, so the row is sent again.
    await s.db.query(`UPDATE notifications SET claimed_at = claimed_at - interval '10 minutes' WHERE case_id = $1`, [c.id]);
    expect(await service.notify(input)).toMatchObject({ queued: 1, sent: 1 });
    expect(await service.notify(input)).toMatchObject({ queued: 1, sent: 0, alreadySent: 1 });
    expect(smtp.mails.map((m) => m.envelope.to)).toEqual([['zz.supervisor@example.org']]);
    expect(await rows(c.id)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
  });

  it('a worker killed after the server took the message, before the 250 was recorded: never sent again', async () => {
    const c = await newCase();
    const input = reminder(c.id, { template: 'deadline_escalation', stage: 'escalation', audience: 'escalation' });
    // The whole message has arrived: the server takes it (counts as delivered), but the sender dies before the answer.
    smtp.onMessage = async () => {
      await child.kill();
      return 'accept' as const;
    };
    const child = inChildProcess(input);
    const code = await child.exited;
    expect({ code, output: child.output() }).toEqual({ code: null, output: '' });
    smtp.onMessage = undefined;
    await smtp.waitForMails(1);
    expect(await rows(c.id)).toEqual([expect.objectContaining({ status: 'sending', attempts: 1, handed_over_at: expect.any(Date) })]);

    await s.db.query(`UPDATE notifications SET claimed_at = claimed_at - interval '10 minutes' WHERE case_id = $1`, [c.id]);
    expect(await service.notify(input)).toMatchObject({ queued: 1, sent: 0, unknown: 1 });
    expect(await service.notify(input)).toMatchObject({ queued: 1, sent: 0, unknown: 1 });
    expect(smtp.transmissions).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    const [row] = await rows(c.id);
    expect(row).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(row!.last_error).toMatch(/^outcome unknown: .* not resent/);

    const listed = await s.http
      .get(`/api/v1/notifications?status=unknown&caseId=${c.id}`)
      .set(await auth('zz.supervisor'))
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ status: 'unknown', recipient: expect.objectContaining({ username: 'zz.supervisor' }) }),
    ]);
  });
  it('POST /notifications/:id/retry re-sends a failed row once; 4xx for bad ids, strangers, sent rows; a race sends one copy', async () => {
    const c = await newCase('hospitalA', REPORTER);
    config.settings.smtpUrl = `smtp://127.0.0.1:${await freePort()}`; // down: both rows fail for good (single, final attempt)
    expect(await service.notify(reminder(c.id, { stage: 'overdue_10', overdueWorkingDays: 10 }))).toMatchObject({ failed: 2 });
    expect(
      await service.notify({
        caseId: c.id,
        template: 'acceptance_decision',
        audience: 'reporter',
        stage: 'rejected#2',
        data: { accepted: false },
      }),
    ).toMatchObject({ failed: 1 });
    const [admin, officer] = (await rows(c.id)).filter((r) => r.recipient_email !== REPORTER.contact);
    const ids: Array<{ id: string; recipient_email: string }> = await s.db.query(
      `SELECT id, recipient_email FROM notifications WHERE case_id = $1 ORDER BY recipient_email`,
      [c.id],
    );
    const idOf = (email: string) => ids.find((r) => r.recipient_email === email)!.id;
    expect([admin!.status, officer!.status]).toEqual(['failed', 'failed']);

    // Bad id: 400 naming the field; unknown id: 404; outside the caller's subtree: 404; a role that may not: 403.
    const bad = await s.http
      .post('/api/v1/notifications/123/retry')
      .set(await auth('hospa.admin'))
      .expect(400);
    expect(bad.body.message).toMatch(/^id: /);
    await s.http
      .post(`/api/v1/notifications/${randomUUID()}/retry`)
      .set(await auth('hospa.admin'))
      .expect(404);
    await s.http
      .post(`/api/v1/notifications/${idOf('hospa.admin@example.org')}/retry`)
      .set(await auth('hospb.admin'))
      .expect(404);
    await s.http
      .post(`/api/v1/notifications/${idOf('hospa.admin@example.org')}/retry`)
      .set(await auth('hospa.officer'))
      .expect(403);
    await s.http
      .post(`/api/v1/notifications/${idOf('hospa.admin@example.org')}/retry`)
      .set(await auth('henan.supervisor'))
      .expect(403);
    // an integrity admin higher up sees the row but is not of the handling organisation
    await s.http
      .post(`/api/v1/notifications/${idOf('hospa.admin@example.org')}/retry`)
      .set(await auth('henan.admin'))
      .expect(403);
    expect(smtp.transmissions).toEqual([]);

    // SMTP back: the handling organisation's integrity admin re-sends; one mail, and a second re-send is a 409.
    config.settings.smtpUrl = smtp.url; // (the API itself always sent to this server: SMTP_URL, set before the stack started)
    const done = await s.http
      .post(`/api/v1/notifications/${idOf('hospa.admin@example.org')}/retry`)
      .set(await auth('hospa.admin'))
      .expect(200);
    expect(done.body).toMatchObject({ status: 'sent', attempts: 2 }); // lastError keeps the earlier failure
    const again = await s.http
      .post(`/api/v1/notifications/${idOf('hospa.admin@example.org')}/retry`)
      .set(await auth('hospa.admin'))
      .expect(409);
    expect(again.body.message).toContain('already sent');
    expect(smtp.mailsTo('hospa.admin@example.org')).toHaveLength(1);
    // The workflow's own retry of the same notify call afterwards finds it sent: still one.
    expect(await service.notify(reminder(c.id, { stage: 'overdue_10', overdueWorkingDays: 10 }))).toMatchObject({
      alreadySent: 1,
      sent: 1,
    });
    expect(smtp.mailsTo('hospa.admin@example.org')).toHaveLength(1);
    expect(smtp.mailsTo('hospa.officer@example.org')).toHaveLength(1);

    // Two re-sends at once (the system admin and the integrity admin): exactly one copy, the other gets a 409.
    const reporterRow = idOf(REPORTER.contact);
    const race = await Promise.all([
      s.http.post(`/api/v1/notifications/${reporterRow}/retry`).set(await auth('hospa.admin')),
      s.http.post(`/api/v1/notifications/${reporterRow}/retry`).set(await auth('nhc.sysadmin')),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mailsTo(REPORTER.contact)).toHaveLength(1);
    expect(smtp.transmissions.filter((m) => m.envelope.to.includes(REPORTER.contact))).toHaveLength(1);

    // An 'unknown' row (handed over by an attempt that died before the answer) is re-sent only on request, with the
    // row's own Message-ID, so a copy the server may already hold is recognisable.
    const unknown = await newCase('hospitalA');
    config.settings.smtpUrl = `smtp://127.0.0.1:${await freePort()}`;
    await service.notify(reminder(unknown.id, { stage: 'overdue_15', overdueWorkingDays: 15 }));
    const [u] = (await s.db.query(
      `SELECT id, message_id FROM notifications WHERE case_id = $1 AND recipient_email = 'hospa.admin@example.org'`,
      [unknown.id],
    )) as Array<{ id: string; message_id: string }>;
    await s.db.query(`UPDATE notifications SET status = 'unknown', last_error = 'outcome unknown' WHERE id = $1`, [u!.id]);
    const resent = await s.http
      .post(`/api/v1/notifications/${u!.id}/retry`)
      .set(await auth('hospa.admin'))
      .expect(200);
    expect(resent.body.status).toBe('sent');
    expect(smtp.mails.filter((m) => m.notificationId === u!.id).map((m) => m.messageId)).toEqual([u!.message_id]);
    await s.http
      .post(`/api/v1/notifications/${u!.id}/retry`)
      .set(await auth('hospa.admin'))
      .expect(409);
  });
});
