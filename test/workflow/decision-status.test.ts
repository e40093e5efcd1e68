/**
 * A decision's transitions as the projection writes them (libs/persistence/src/decisions.ts, issue 17 point 8), against
 * a real PostgreSQL: it takes effect (registry entries with their last barred day), a review changes it, an appeal
 * revokes it (its entries revoked with it), each step one history row with the result that did it; a retried
 * projection adds nothing. And the migration that brings decisions recorded before the history up to date.
 */
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { ProjectCaseInput } from '@activities/case-activities.interface';
import { CaseActivitiesService } from '@activities/case.activities';
import { dataSourceOptions, runMigrations } from '@libs/persistence/src/data-source';
import { insertPending } from '@libs/persistence/src/decisions';
import { MIGRATIONS } from '@libs/persistence/src/migrations';
import { DEMO_ORGS, DEMO_USERS, demoUserId, prepareDatabase } from '@libs/persistence/src/seed';
import { startPostgres } from '../support/servers';

const officer = demoUserId(DEMO_USERS.findIndex((u) => u.username === 'hospb.officer'));
const sealedForm = {
  result: 'misconduct',
  authors: [
    {
      order: 1,
      name: '王五',
      organisation: '洛阳市中心医院',
      penalise: true,
      misconductTypes: ['2'],
      severity: '3',
      measures: [{ code: '7', years: 4 }, { code: '13' }],
      mitigating: [],
      aggravating: [],
      idNumberEnc: 'v1:sealed',
      idNumberHash: 'hash-of-the-id-number',
      idNumberMasked: '1101052020****0428',
    },
  ],
};

async function registerCase(db: DataSource): Promise<string> {
  const id = randomUUID();
  const [{ path }]: Array<{ path: string }> = await db.query(`SELECT path FROM organisations WHERE id = $1`, [DEMO_ORGS.hospitalB.id]);
  await db.query(
    `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase)
     VALUES ($1, $2, 'decision test', 'report', $3, $4, 'national-2022', '2026-03-02', 'handling')`,
    [id, `SC-D-${id.slice(0, 8)}`, DEMO_ORGS.hospitalB.id, path],
  );
  return id;
}

describe('decision status history (real PostgreSQL)', { timeout: 180_000 }, () => {
  let db: DataSource;
  let stopPg: () => Promise<void>;
  let activities: CaseActivitiesService;
  before(async () => {
    const pg = await startPostgres();
    stopPg = () => pg.stop();
    ({ db } = await prepareDatabase(pg.url, { demo: true }));
    activities = new CaseActivitiesService(db);
  });
  after(async () => {
    await db?.destroy();
    await stopPg?.();
  });

  const project = (caseId: string, seq: number, type: string, data: Record<string, unknown>): Promise<void> =>
    activities.projectCase({
      caseId,
      phase: 'appeal_window',
      version: seq,
      lastEventSeq: seq,
      events: [{ seq, type, at: '2026-03-10T02:00:00.000Z', actor: { userId: officer, role: 'unit_head' }, data }],
      deadlines: [],
    } satisfies ProjectCaseInput);
  const state = async (caseId: string) => ({
    decision: (
      await db.query(`SELECT status, to_char(effective_date, 'YYYY-MM-DD') AS effective_date FROM decisions WHERE case_id = $1`, [caseId])
    )[0],
    history: (await db.query(
      `SELECT case_event_seq AS seq, event_type, result, previous_status, status, to_char(on_date, 'YYYY-MM-DD') AS on_date, summary FROM decision_status_history WHERE case_id = $1 ORDER BY case_event_seq`,
      [caseId],
    )) as Array<Record<string, unknown>>,
    entries: (await db.query(
      `SELECT measure_code, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, status, (SELECT count(*)::int FROM registry_entry_history h WHERE h.entry_id = r.id) AS changes
         FROM registry_entries r WHERE case_id = $1 ORDER BY measure_code`,
      [caseId],
    )) as Array<Record<string, unknown>>,
  });

  it('takes effect, is changed by a review and revoked by an appeal; each step once, with the result that did it', async () => {
    const caseId = await registerCase(db);
    const decisionId = randomUUID();
    await insertPending(db, {
      id: decisionId,
      caseId,
      result: 'misconduct',
      effectiveDate: '2026-03-10',
      form: sealedForm,
      userId: officer,
    });

    const decided = { outcome: 'misconduct', effectiveDate: '2026-03-10', decisionId, registryRequired: true, penalisedAuthors: 1 };
    await project(caseId, 5, 'decided', decided);
    await project(caseId, 5, 'decided', decided); // a retried projection
    expect(await state(caseId)).toEqual({
      decision: { status: 'effective', effective_date: '2026-03-10' },
      history: [
        {
          seq: 5,
          event_type: 'decided',
          result: null,
          previous_status: 'pending',
          status: 'effective',
          on_date: '2026-03-10',
          summary: null,
        },
      ],
      // endsOn is the last barred day: 2026-03-10 + 4 years, that day included (Civil Code art.201–202)
      entries: [
        { measure_code: '13', ends_on: null, status: 'active', changes: 0 },
        { measure_code: '7', ends_on: '2030-03-10', status: 'active', changes: 0 },
      ],
    });

    await project(caseId, 8, 'review_completed', { on: '2026-06-01', result: 'changed', summary: '减轻' });
    await project(caseId, 8, 'review_completed', { on: '2026-06-01', result: 'changed', summary: '减轻' });
    const changed = await state(caseId);
    expect(changed.decision.status).toBe('changed');
    expect(changed.history.at(-1)).toEqual({
      seq: 8,
      event_type: 'review_completed',
      result: 'changed',
      previous_status: 'effective',
      status: 'changed',
      on_date: '2026-06-01',
      summary: '减轻',
    });
    expect(changed.entries.map((e) => e.status)).toEqual(['active', 'active']); // the issuer records the new measures

    await project(caseId, 12, 'appeal_completed', { on: '2026-09-01', result: 'revoked' });
    await project(caseId, 12, 'appeal_completed', { on: '2026-09-01', result: 'revoked' });
    const revoked = await state(caseId);
    expect(revoked.decision.status).toBe('revoked');
    expect(revoked.history.map((h) => [h.seq, h.event_type, h.result, h.previous_status, h.status])).toEqual([
      [5, 'decided', null, 'pending', 'effective'],
      [8, 'review_completed', 'changed', 'effective', 'changed'],
      [12, 'appeal_completed', 'revoked', 'changed', 'revoked'],
    ]);
    expect(revoked.entries).toEqual([
      { measure_code: '13', ends_on: null, status: 'revoked', changes: 1 },
      { measure_code: '7', ends_on: '2030-03-10', status: 'revoked', changes: 1 },
    ]);
    const [why] = await db.query(
      `SELECT reason FROM registry_entry_history h JOIN registry_entries r ON r.id = h.entry_id WHERE r.case_id = $1 LIMIT 1`,
      [caseId],
    );
    expect(why.reason).toMatch(/^复核撤销处理决定（003 art\.42, 003 art\.43）: case event 12/); // the case's own profile
  });

  it('a corrected version (decision_revised, issue 18) supersedes the one in force, also when a review changed it; both steps in the history', async () => {
    const caseId = await registerCase(db);
    const v1 = randomUUID();
    await insertPending(db, { id: v1, caseId, result: 'misconduct', effectiveDate: '2026-03-10', form: sealedForm, userId: officer });
    await project(caseId, 3, 'decided', { outcome: 'misconduct', effectiveDate: '2026-03-10', decisionId: v1 });
    await project(caseId, 6, 'review_completed', { on: '2026-05-01', result: 'changed' });
    const v2 = randomUUID();
    await insertPending(db, {
      id: v2,
      caseId,
      result: 'misconduct',
      effectiveDate: '2026-05-10',
      form: sealedForm,
      userId: officer,
      version: 2,
      supersedes: v1,
      revisionReason: '更正期限',
    });
    const revised = { decisionId: v2, supersedes: v1, effectiveDate: '2026-05-10', revision: 2, reason: '更正期限' };
    await project(caseId, 9, 'decision_revised', revised);
    await project(caseId, 9, 'decision_revised', revised); // a retried projection
    const rows = await db.query(
      `SELECT d.version, d.status, (SELECT string_agg(h.event_type || ':' || h.previous_status || '→' || h.status, ',' ORDER BY h.case_event_seq)
         FROM decision_status_history h WHERE h.decision_id = d.id) AS history,
         (SELECT string_agg(r.status || ':' || to_char(r.ends_on, 'YYYY-MM-DD'), ',' ORDER BY r.measure_code) FROM registry_entries r WHERE r.decision_id = d.id AND r.ends_on IS NOT NULL) AS bars
         FROM decisions d WHERE d.case_id = $1 ORDER BY d.version`,
      [caseId],
    );
    expect(rows).toEqual([
      {
        version: 1,
        status: 'superseded',
        history: 'decided:pending→effective,review_completed:effective→changed,decision_revised:changed→superseded',
        bars: 'revoked:2030-03-10',
      },
      { version: 2, status: 'effective', history: 'decision_revised:pending→effective', bars: 'active:2030-05-10' },
    ]);
  });

  it('an upheld result is kept in the history without changing the status; a case decided without a form has nothing to move', async () => {
    const caseId = await registerCase(db);
    const decisionId = randomUUID();
    await insertPending(db, {
      id: decisionId,
      caseId,
      result: 'misconduct',
      effectiveDate: '2026-03-10',
      form: sealedForm,
      userId: officer,
    });
    await project(caseId, 3, 'decided', { outcome: 'misconduct', effectiveDate: '2026-03-10', decisionId });
    await project(caseId, 6, 'review_completed', { on: '2026-05-01', result: 'upheld' });
    expect((await state(caseId)).history.map((h) => [h.event_type, h.result, h.status])).toEqual([
      ['decided', null, 'effective'],
      ['review_completed', 'upheld', 'effective'],
    ]);

    const formless = await registerCase(db);
    await project(formless, 3, 'decided', { outcome: 'misconduct', effectiveDate: '2026-03-10' });
    await project(formless, 6, 'review_completed', { on: '2026-05-01', result: 'revoked' });
    expect(await state(formless)).toEqual({ decision: undefined, history: [], entries: [] });
  });
});

describe('migration 1765550000000: decisions recorded before the history', { timeout: 240_000 }, () => {
  // Either this migration runs first, or the decision versions' (1765600000000, issue 18) already ran on the database.
  for (const versionsFirst of [false, true]) {
    it(`gives each decision its steps from the case events; a revoked one becomes revoked, its entries too (${versionsFirst ? 'versions first' : 'history first'})`, async () => {
      const pg = await startPostgres();
      const mine = /^(DecisionStatusHistory|StaleReminders)/;
      const older = new DataSource({
        ...dataSourceOptions(pg.url),
        migrations: MIGRATIONS.filter((m) => !mine.test(m.name) && (versionsFirst || !/^PaperRevisions/.test(m.name))),
      });
      await older.initialize();
      try {
        await older.runMigrations({ transaction: 'each' });
        const org = randomUUID();
        const user = randomUUID();
        await older.query(
          `INSERT INTO organisations (id, name, level, path, region_code, policy_profile) VALUES ($1, '医院', 'institution', $2, '419901', 'national-2022')`,
          [org, `/${org}`],
        );
        await older.query(
          `INSERT INTO users (id, username, name, org_id, roles, password_hash) VALUES ($1, 'u', 'U', $2, '["case_officer"]', 'x')`,
          [user, org],
        );
        const newCase = async (i: number) => {
          const caseId = randomUUID();
          await older.query(
            `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase)
             VALUES ($1, $2, 't', 'report', $3, $4, 'national-2022', '2026-03-02', 'closed')`,
            [caseId, `SC-M-00000${i}`, org, `/${org}`],
          );
          return caseId;
        };
        /** `version` only where the versions' migration ran (its column). */
        const decision = async (caseId: string, status: string, version?: { version: number; supersedes: string }) => {
          const id = randomUUID();
          await older.query(
            version
              ? `INSERT INTO decisions (id, case_id, status, result, effective_date, form, updated_by, version, supersedes) VALUES ($1, $2, $3, 'misconduct', '2026-03-10', '{}', $4, $5, $6)`
              : `INSERT INTO decisions (id, case_id, status, result, effective_date, form, updated_by) VALUES ($1, $2, $3, 'misconduct', '2026-03-10', '{}', $4)`,
            version ? [id, caseId, status, user, version.version, version.supersedes] : [id, caseId, status, user],
          );
          await older.query(
            `INSERT INTO registry_entries (id, decision_id, case_id, author_order, person_name, organisation, id_number_enc, id_number_hash, id_number_masked, profile,
               measure_code, measure_label, starts_on, ends_on, permanent, status) VALUES (gen_random_uuid(), $1, $2, 1, '王五', '医院', 'e', 'h', 'm', 'national-2022', '7', 'x', '2026-03-10', '2030-03-10', false, $3)`,
            [id, caseId, status === 'superseded' ? 'revoked' : 'active'],
          );
          return id;
        };
        const event = (caseId: string, seq: number, type: string, data: Record<string, unknown>) =>
          older.query(`INSERT INTO case_events (case_id, seq, type, at, data) VALUES ($1, $2, $3, now(), $4)`, [
            caseId,
            seq,
            type,
            JSON.stringify(data),
          ]);
        for (const [i, review] of (['revoked', 'changed', null] as const).entries()) {
          const caseId = await newCase(i);
          const id = await decision(caseId, 'effective');
          await event(caseId, 4, 'decided', { decisionId: id, effectiveDate: '2026-03-10' });
          if (review) await event(caseId, 9, 'review_completed', { on: '2026-06-01', result: review });
        }
        if (versionsFirst) {
          // Version 1 replaced by version 2 (decision_revised), then version 2 changed by a review.
          const caseId = await newCase(3);
          const v1 = await decision(caseId, 'superseded');
          const v2 = await decision(caseId, 'effective', { version: 2, supersedes: v1 });
          await older.query(`UPDATE decisions SET superseded_by = $2 WHERE id = $1`, [v1, v2]);
          await event(caseId, 4, 'decided', { decisionId: v1, effectiveDate: '2026-03-10' });
          await event(caseId, 7, 'decision_revised', {
            decisionId: v2,
            supersedes: v1,
            effectiveDate: '2026-04-01',
            revision: 2,
            reason: '更正',
          });
          await event(caseId, 9, 'review_completed', { on: '2026-06-01', result: 'changed' });
        }
        await older.destroy();
        expect(await runMigrations(pg.url)).toEqual(
          versionsFirst
            ? ['DecisionStatusHistory1765550000000', 'StaleReminders1765560000000']
            : ['DecisionStatusHistory1765550000000', 'StaleReminders1765560000000', 'PaperRevisions1765600000000'],
        );
        const db = new DataSource(dataSourceOptions(pg.url));
        await db.initialize();
        try {
          const rows = await db.query(
            `SELECT c.number, d.version, d.status, (SELECT string_agg(h.event_type || ':' || coalesce(h.result, '-') || ':' || h.status, ',' ORDER BY h.case_event_seq)
               FROM decision_status_history h WHERE h.decision_id = d.id) AS history, (SELECT string_agg(r.status, ',') FROM registry_entries r WHERE r.decision_id = d.id) AS entries
               FROM decisions d JOIN cases c ON c.id = d.case_id ORDER BY c.number, d.version`,
          );
          expect(rows).toEqual([
            {
              number: 'SC-M-000000',
              version: 1,
              status: 'revoked',
              history: 'decided:-:effective,review_completed:revoked:revoked',
              entries: 'revoked',
            },
            {
              number: 'SC-M-000001',
              version: 1,
              status: 'changed',
              history: 'decided:-:effective,review_completed:changed:changed',
              entries: 'active',
            },
            { number: 'SC-M-000002', version: 1, status: 'effective', history: 'decided:-:effective', entries: 'active' },
            ...(versionsFirst
              ? [
                  {
                    number: 'SC-M-000003',
                    version: 1,
                    status: 'superseded',
                    history: 'decided:-:effective,decision_revised:-:superseded',
                    entries: 'revoked',
                  },
                  {
                    number: 'SC-M-000003',
                    version: 2,
                    status: 'changed',
                    history: 'decision_revised:-:effective,review_completed:changed:changed',
                    entries: 'active',
                  },
                ]
              : []),
          ]);
        } finally {
          await db.destroy();
        }
      } finally {
        if (older.isInitialized) await older.destroy();
        await pg.stop();
      }
    });
  }
});
