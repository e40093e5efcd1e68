/**
 * The lead workflow's triage deadline on the time-skipping server (issue 22): reminders go out at 09:00 Asia/Shanghai
 * of the working days the schedule names (5 and 1 working days before, on the due day) to the holder's integrity
 * administrators through the real notification activity and a real SMTP server; after the due day the deadline is
 * overdue in the projection (and counted by the supervision counters); 10 working days over, the escalation goes to the
 * parent organisation, and a parent without anyone to tell is a `notice_undelivered` event. A dispatch starts a new stay
 * with its own reminders. Saves a history for the replay test when UPDATE_HISTORIES=1.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, isoDateOf, SHANGHAI_OFFSET_MS } from '@libs/domain/src/calendar';
import { workingDaysBefore } from '@libs/domain/src/case/reminders';
import { leadWorkflowId } from '@libs/domain/src/lead';
import { LeadStore } from '@libs/persistence/src/leads';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { getLeadQuery, leadActionUpdate } from '@workflows/definitions';
import { leadWorkflow } from '@workflows/lead.workflow';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';
import { CALENDAR, CALENDAR_YEARS, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

const nineAm = (day: string) => Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + 9 * 3_600_000;

describe('lead triage deadline: reminders, overdue, escalation (time-skipping server, real SMTP)', { timeout: 240_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
  });
  after(async () => {
    await t?.stop();
  });

  const sleepUntil = async (ms: number) => t.env.sleep(Math.max(1, ms - (await t.env.currentTimeMs())));
  const org = async (key: keyof typeof DEMO_ORGS) => {
    const [o] = (await t.db.query(`SELECT id, path, level, name, policy_profile FROM organisations WHERE id = $1`, [
      DEMO_ORGS[key].id,
    ])) as Array<{
      id: string;
      path: string;
      level: string;
      name: string;
      policy_profile: string;
    }>;
    return { orgId: o!.id, path: o!.path, level: o!.level, name: o!.name, profile: o!.policy_profile };
  };

  /** Registers the lead row (as the API does) and starts its workflow. */
  async function openLead(holder: Awaited<ReturnType<typeof org>>, on: string) {
    const id = randomUUID();
    const number = `JC-T-${id.slice(0, 6)}`;
    await new LeadStore(t.db).insert(t.db, {
      id,
      number,
      numberOrgId: holder.orgId,
      workflowId: leadWorkflowId(id),
      origin: 'manual',
      category: 'media',
      title: '舆情线索（测试）',
      doi: null,
      authors: [],
      institution: null,
      journal: null,
      publishedOn: null,
      retractionDate: null,
      summary: null,
      sourceRef: null,
      details: {},
      paperId: null,
      holderOrgId: holder.orgId,
      holderPath: holder.path,
      createdBy: null,
    });
    const handle = await t.env.client.workflow.start(leadWorkflow, {
      workflowId: leadWorkflowId(id),
      taskQueue: t.taskQueue,
      args: [
        {
          leadId: id,
          number,
          holder,
          category: 'media',
          paperId: null,
          on,
          calendar: CALENDAR_YEARS,
          openedBy: { userId: 'test', role: 'integrity_admin', orgId: holder.orgId },
        },
      ],
    });
    return { id, number, handle };
  }

  it('reminds the holder before and on the due day, turns overdue after it, escalates to the parent; a dispatch starts a new stay', async () => {
    const on = isoDateOf(await t.env.currentTimeMs());
    const hospB = await org('hospitalB');
    const { id, number, handle } = await openLead(hospB, on);
    const due = computeDeadline(CALENDAR, on, { amount: 15, unit: 'working_days' }).dueDate;
    const mailsOf = () => t.smtp.mails.filter((m) => m.subject.includes(number));

    await sleepUntil(nineAm(workingDaysBefore(CALENDAR, due, 5)) - 60_000);
    await (handle as WorkflowHandle).query(getLeadQuery);
    expect(mailsOf()).toEqual([]);
    await t.env.sleep('2 minutes');
    const first = await eventually(async () => mailsOf().length >= 1 && mailsOf(), 'the 5-working-day reminder');
    expect(first.flatMap((m) => m.envelope.to)).toEqual(['hospb.admin@example.org']); // the lead's triagers only
    expect(first[0]!.subject).toContain('还有 5 个工作日');
    expect(first[0]!.text).toContain(due);

    await sleepUntil(nineAm(due) + 60_000);
    await eventually(async () => mailsOf().some((m) => m.subject.includes('今日到期')) || null, 'the due-day reminder');
    expect(mailsOf().map((m) => m.subject.match(/还有 \d 个工作日|今日到期/)?.[0])).toEqual([
      '还有 5 个工作日',
      '还有 1 个工作日',
      '今日到期',
    ]);

    // The day after: overdue in the projection, and in the counters the supervision summary reads.
    await sleepUntil(nineAm(CALENDAR.addWorkingDays(due, 1)));
    const row = await eventually(async () => {
      const [r] = (await t.db.query(`SELECT status, overdue_since FROM lead_deadlines WHERE lead_id = $1 AND round = 0`, [id])) as Array<{
        status: string;
        overdue_since: Date | null;
      }>;
      return r?.status === 'overdue' ? r : null;
    }, 'the overdue triage deadline');
    expect(row.overdue_since).not.toBeNull();
    const [{ n }] = (await t.db.query(
      `SELECT coalesce(sum(n), 0)::int AS n FROM supervision_counts WHERE org_path = $1 AND metric = 'overdue' AND key = 'lead_triage'`,
      [hospB.path],
    )) as Array<{ n: number }>;
    expect(n).toBe(1);

    // 10 working days over: the escalation to 洛阳 (no supervisor or integrity admin there: a notice_undelivered event).
    await sleepUntil(nineAm(CALENDAR.addWorkingDays(due, 10)) + 60_000);
    const undelivered = await eventually(async () => {
      const rows = (await t.db.query(`SELECT data FROM lead_events WHERE lead_id = $1 AND type = 'notice_undelivered'`, [id])) as Array<{
        data: Record<string, unknown>;
      }>;
      return rows.length ? rows : null;
    }, 'the undelivered escalation on the timeline');
    expect(undelivered[0]!.data).toMatchObject({ stage: 'escalation', unaddressed: 1 });
    expect(
      mailsOf()
        .filter((m) => m.subject.includes('超期'))
        .map((m) => m.subject),
    ).toEqual([expect.stringContaining('已超期 5 个工作日'), expect.stringContaining('已超期 10 个工作日')]);

    // Triaged (late): no more reminders, the deadline met.
    const view = await handle.executeUpdate(leadActionUpdate, {
      args: [{ action: 'close', actor: { userId: 'u', role: 'integrity_admin', orgId: hospB.orgId }, body: { reason: 'no_evidence' } }],
    });
    expect(view).toMatchObject({ status: 'closed', deadline: { status: 'met' } });
    const before = mailsOf().length;
    await t.env.sleep('30 days');
    expect(mailsOf().length).toBe(before);
    await handle.result();
    await saveHistory('lead-triage-overdue-escalation', handle);
  });

  it('a dispatch meets the stay and starts a new one at the child with its own reminder schedule', async () => {
    const on = isoDateOf(await t.env.currentTimeMs());
    const cityA = await org('cityA');
    const hospA = await org('hospitalA');
    const { id, number, handle } = await openLead(cityA, on);
    await t.env.sleep('3 days');
    const view = await handle.executeUpdate(leadActionUpdate, {
      args: [{ action: 'dispatch', actor: { userId: 'u', role: 'integrity_admin', orgId: cityA.orgId }, body: { target: hospA } }],
    });
    const from = isoDateOf(await t.env.currentTimeMs());
    const due = computeDeadline(CALENDAR, from, { amount: 15, unit: 'working_days' }).dueDate;
    expect(view).toMatchObject({ holder: { orgId: hospA.orgId }, deadline: { round: 1, dueDate: due, status: 'open' } });
    const rounds = (await t.db.query(`SELECT round, status, org_id FROM lead_deadlines WHERE lead_id = $1 ORDER BY round`, [id])) as Array<{
      round: number;
      status: string;
      org_id: string;
    }>;
    expect(rounds).toEqual([
      { round: 0, status: 'met', org_id: cityA.orgId },
      { round: 1, status: 'open', org_id: hospA.orgId },
    ]);
    await sleepUntil(nineAm(workingDaysBefore(CALENDAR, due, 5)) + 60_000);
    const mails = await eventually(async () => {
      const m = t.smtp.mails.filter((x) => x.subject.includes(number) && x.subject.includes('还有 5 个工作日'));
      return m.length ? m : null;
    }, "the child's reminder");
    expect(mails.flatMap((m) => m.envelope.to)).toEqual(['hospa.admin@example.org']);
    await handle.terminate('test done');
  });

  async function saveHistory(name: string, h: WorkflowHandle): Promise<void> {
    if (process.env.UPDATE_HISTORIES !== '1') return;
    const dir = join(ROOT, 'test', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), historyToJSON(await h.fetchHistory()));
  }
});
