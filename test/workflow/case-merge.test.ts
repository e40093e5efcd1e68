/**
 * Merging a duplicate case into another (issue 23 point 3) on the time-skipping server, with the real projection on a
 * real PostgreSQL: the merged case closes as `merged` and its workflow ends; the surviving case records the merge in
 * its own timeline through its workflow (signal) and keeps its phase, version and deadlines; evidence, reporter record
 * and reports move in the merged case's projection, once. Both histories are saved for the replay tests.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { CaseActivitiesService } from '@activities/case.activities';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';
import { act, getStateQuery, openTestCase, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

describe('merge into another case (time-skipping server)', { timeout: 120_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
  });
  after(async () => {
    await t?.stop();
  });

  async function saveHistory(name: string, h: WorkflowHandle): Promise<void> {
    if (process.env.UPDATE_HISTORIES !== '1') return;
    const dir = join(ROOT, 'test', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), historyToJSON(await h.fetchHistory()));
  }
  const events = (caseId: string): Promise<Array<{ seq: number; type: string; data: Record<string, unknown> }>> =>
    t.db.query(`SELECT seq, type, data FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId]);

  it('the duplicate closes as merged, the survivor records it and keeps its deadlines; evidence, reporter and reports move once', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const survivor = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const duplicate = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const accepted = await act(survivor.handle, 'accept', 'case_officer');
    const reporter = { name: '李四', contact: 'li@mail.test', realName: true };
    await t.db.query(`UPDATE cases SET reporter = $2 WHERE id = $1`, [duplicate.id, JSON.stringify(reporter)]);
    const fileId = randomUUID();
    await t.db.query(
      `INSERT INTO case_files (id, case_id, kind, filename, content_type, size, sha256, storage_key, uploaded_by)
       VALUES ($1, $2, 'report_material', 'a.pdf', 'application/pdf', 3, $3, $4, '20000000-0000-4000-8000-000000000011')`,
      [fileId, duplicate.id, 'a'.repeat(64), `cases/${duplicate.id}/${fileId}`],
    );
    const reportId = randomUUID();
    await t.db.query(
      `INSERT INTO reports (id, org_id, org_path, policy_profile, key_hash, password_hash, anonymous, title, summary, subjects, allegations, triage, case_id)
       SELECT $1, o.id, o.path, o.policy_profile, $2, 'scrypt$x', true, '举报', '内容', '[]', '[]', 'case', $3 FROM organisations o WHERE o.id = $4`,
      [reportId, randomUUID(), duplicate.id, DEMO_ORGS.hospitalB.id],
    );

    const merged = await act(duplicate.handle, 'merge_into', 'case_officer', {
      intoCaseId: survivor.id,
      intoNumber: survivor.number,
      note: '同一论文重复举报',
    });
    expect(merged.phase).toBe('merged');
    expect(merged.allowedActions).toEqual([]);
    expect(merged.deadlines.every((d) => d.status !== 'open')).toBe(true);
    expect((await duplicate.handle.result()).phase).toBe('merged'); // its workflow ended

    // The survivor's timeline records the merge through its own workflow; nothing else of it changed.
    const survivorEvents = await eventually(async () => {
      const es = await events(survivor.id);
      return es.some((e) => e.type === 'merged_from') && es;
    }, 'merged_from in the survivor');
    expect(survivorEvents.filter((e) => e.type === 'merged_from').map((e) => e.data)).toEqual([
      { on: received, caseId: duplicate.id, number: duplicate.number, note: '同一论文重复举报' },
    ]);
    const after = await survivor.handle.query(getStateQuery);
    expect(after.phase).toBe('investigation');
    expect(after.version).toBe(accepted.version);
    expect(after.deadlines.map(({ kind, dueDate, status }) => ({ kind, dueDate, status }))).toEqual(
      accepted.deadlines.map(({ kind, dueDate, status }) => ({ kind, dueDate, status })),
    );
    const mergedEvents = await events(duplicate.id);
    expect(mergedEvents.at(-1)).toMatchObject({
      type: 'merged_into',
      data: { caseId: survivor.id, number: survivor.number, note: '同一论文重复举报' },
    });

    // What moved with the projection of merged_into.
    const moved = async () => ({
      files: (await t.db.query(`SELECT case_id FROM case_files WHERE id = $1`, [fileId]))[0].case_id as string,
      report: (await t.db.query(`SELECT case_id FROM reports WHERE id = $1`, [reportId]))[0].case_id as string,
      duplicate: (await t.db.query(`SELECT phase, reporter, merged_reporters FROM cases WHERE id = $1`, [duplicate.id]))[0],
      survivor: (await t.db.query(`SELECT phase, reporter, merged_reporters FROM cases WHERE id = $1`, [survivor.id]))[0],
      links: await t.db.query(`SELECT from_case_id, to_case_id, kind, note FROM case_links WHERE from_case_id = $1 OR to_case_id = $1`, [
        duplicate.id,
      ]),
    });
    const first = await moved();
    const mergeSeq = mergedEvents.at(-1)!.seq;
    expect(first).toEqual({
      files: survivor.id,
      report: survivor.id,
      duplicate: { phase: 'merged', reporter: null, merged_reporters: [] },
      survivor: {
        phase: 'investigation',
        reporter: null,
        merged_reporters: [{ fromCaseId: duplicate.id, fromNumber: duplicate.number, mergeSeq, reporter }],
      },
      links: [{ from_case_id: duplicate.id, to_case_id: survivor.id, kind: 'merged', note: '同一论文重复举报' }],
    });

    // The projection again (a retried activity): nothing moves twice.
    const [row] = await t.db.query(`SELECT version, last_event_seq FROM cases WHERE id = $1`, [duplicate.id]);
    await new CaseActivitiesService(t.db).projectCase({
      caseId: duplicate.id,
      phase: 'merged',
      version: row.version,
      lastEventSeq: row.last_event_seq,
      events: mergedEvents
        .filter((e) => e.type === 'merged_into')
        .map((e) => ({ ...e, at: new Date().toISOString(), actor: { userId: 'user-case_officer', role: 'case_officer', orgId: 'org' } })),
      deadlines: [],
    });
    expect(await moved()).toEqual(first);

    await saveHistory('merge-duplicate', duplicate.handle);
    await saveHistory('merge-survivor', survivor.handle);
  });
});
