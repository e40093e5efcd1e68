/**
 * Reminder stages per policy profile and per organisation (issue 7): the organisation's own stages override its
 * profile's, which override the product default; a new case's workflow starts with the stages that win. Settings are
 * data (PUT/DELETE by a system admin), not code branching on a province.
 */
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEFAULT_REMINDER_POLICY } from '@libs/domain/src/case/reminders';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import type { CaseWorkflowInput } from '@workflows/definitions';
import { startStack, type E2EStack } from '../support/app';

describe('reminder stages: organisation over policy profile over default', () => {
  let s: E2EStack;
  let temporal: Client;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await startStack();
    temporal = new Client({ connection: await Connection.connect({ address: s.temporalAddress }) });
    for (const u of ['nhc.sysadmin', 'hospa.officer', 'hospa.admin']) tokens[u] = await s.login(u);
  });
  after(async () => {
    await temporal?.connection.close();
    await s?.stop();
  });
  const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });

  /** Opens a case in hospital A (henan-2021) and returns the reminder stages its workflow was started with. */
  async function stagesOfNewCase(): Promise<CaseWorkflowInput['reminderPolicy']> {
    const res = await s.http
      .post('/api/v1/cases')
      .set(as('hospa.officer'))
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS.hospitalA.id,
        receivedAt: isoDateOf(Date.now()),
        title: '图片重复',
        allegations: ['2'],
        subjects: [{ name: '王五' }],
      })
      .expect(201);
    const history = await temporal.workflow.getHandle(res.body.number as string).fetchHistory();
    const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    return defaultPayloadConverter.fromPayload<CaseWorkflowInput>(payload).reminderPolicy;
  }

  const henanStages = {
    beforeWorkingDays: [3, 3, 10],
    onDueDay: true,
    overdueEveryWorkingDays: 2,
    escalateAfterOverdueWorkingDays: 4,
    hour: 8,
  };
  const orgStages = { beforeWorkingDays: [1], onDueDay: false, overdueEveryWorkingDays: 0, escalateAfterOverdueWorkingDays: 0, hour: 17 };
  const orgUrl = `/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/reminder-policy`;

  it('profile stages apply to its organisations; an organisation’s own win; dropping them falls back; bad input is a 4xx', async () => {
    expect(await stagesOfNewCase()).toBeUndefined(); // product default
    expect((await s.http.get('/api/v1/policy-profiles/henan-2021/reminder-policy').set(as('hospa.admin')).expect(200)).body).toEqual({
      policyProfile: 'henan-2021',
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      source: 'default',
    });

    // Refusals change nothing: role, unknown profile, bad body naming the field.
    await s.http.put('/api/v1/policy-profiles/henan-2021/reminder-policy').set(as('hospa.admin')).send(henanStages).expect(403);
    await s.http.put('/api/v1/policy-profiles/nowhere-2030/reminder-policy').set(as('nhc.sysadmin')).send(henanStages).expect(404);
    const bad = await s.http
      .put('/api/v1/policy-profiles/henan-2021/reminder-policy')
      .set(as('nhc.sysadmin'))
      .send({ ...henanStages, hour: 25 })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('hour');
    expect(await stagesOfNewCase()).toBeUndefined();

    const set = await s.http
      .put('/api/v1/policy-profiles/henan-2021/reminder-policy')
      .set(as('nhc.sysadmin'))
      .send(henanStages)
      .expect(200);
    const henan = { ...henanStages, beforeWorkingDays: [10, 3] };
    expect(set.body).toMatchObject({ policyProfile: 'henan-2021', reminderPolicy: henan, source: 'policy_profile' });
    expect(await stagesOfNewCase()).toEqual(henan);
    // the national profile is untouched
    expect((await s.http.get('/api/v1/policy-profiles/national-2022/reminder-policy').set(as('hospa.admin')).expect(200)).body.source).toBe(
      'default',
    );

    await s.http.put(orgUrl).set(as('nhc.sysadmin')).send(orgStages).expect(200);
    expect((await s.http.get(orgUrl).set(as('hospa.admin')).expect(200)).body).toMatchObject({
      reminderPolicy: orgStages,
      source: 'organisation',
    });
    expect(await stagesOfNewCase()).toEqual(orgStages);

    await s.http.delete(orgUrl).set(as('hospa.admin')).expect(403);
    expect((await s.http.delete(orgUrl).set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({
      reminderPolicy: henan,
      source: 'policy_profile',
    });
    expect(await stagesOfNewCase()).toEqual(henan);

    expect(
      (await s.http.delete('/api/v1/policy-profiles/henan-2021/reminder-policy').set(as('nhc.sysadmin')).expect(200)).body.source,
    ).toBe('default');
    expect(await stagesOfNewCase()).toBeUndefined();
  });
});
