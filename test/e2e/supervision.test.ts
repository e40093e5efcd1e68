/**
 * Supervisor monitoring end to end (issue 8, RULES.md §6): overdue and due-soon lists with working-day counts, subtree
 * scoping and the denied-access list, roles, filters, sort, pagination, validation, summary with drill-down, and the
 * CSV / XLSX exports.
 */
import ExcelJS from 'exceljs';
import { expectAction, postAction } from '../support/actions';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import type { Response } from 'superagent';
import { parseCsv } from '@apps/api/src/organisations/csv';
import {
  addCalendarDays,
  computeDeadline,
  isoDateOf,
  overdueWorkingDays,
  remainingWorkingDays,
  WorkingCalendar,
  type CalendarYear,
} from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { eventually } from '../support/wait';

type Org = keyof typeof DEMO_ORGS;
interface Opened {
  id: string;
  number: string;
  org: Org;
  receivedAt: string;
  due: string;
}
interface Item {
  caseId: string;
  caseNumber: string;
  kind: string;
  kindLabel: string;
  dueDate: string;
  status: string;
  overdueWorkingDays: number;
  remainingWorkingDays: number;
  handlingOrgId: string;
  handlingOrgPath: string[];
  responsibleOfficers: string[];
  profile: string;
  phase: string;
}

const REPORTER = { name: '举报人周九', contact: 'zhoujiu-secret@example.org', realName: true };
const ENDPOINTS = ['overdue', 'due-soon', 'summary', 'overdue-trend', 'overdue.csv', 'overdue.xlsx', 'due-soon.csv', 'due-soon.xlsx'];
const PATH_NAMES: Record<'hospitalA' | 'hospitalB', string[]> = {
  hospitalA: ['国家卫生健康委员会', '河南省卫生健康委员会', '郑州市卫生健康委员会', '郑州市第一人民医院'],
  hospitalB: ['国家卫生健康委员会', '河南省卫生健康委员会', '洛阳市卫生健康委员会', '洛阳市中心医院'],
};
const OFFICERS = { hospitalA: ['甲院办案人员', '甲院诚信管理员'].sort(), hospitalB: ['乙院办案人员', '乙院诚信管理员'].sort() };

/** Collects a response body as raw bytes (CSV: to see the byte-order mark; XLSX: a zip). */
function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('supervisor monitoring', () => {
  let s: E2EStack;
  let cal: WorkingCalendar;
  let today: string;
  const tokens = new Map<string, string>();
  const c: Record<'b1' | 'b2' | 'a2' | 'a1' | 'b3', Opened> = {} as never;
  let soonLeft: number;

  const as = (user: string) => ({ Authorization: `Bearer ${tokens.get(user)}` });
  const userId = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));
  const get = (user: string, path: string) => s.http.get(`/api/v1/supervision/${path}`).set(as(user));
  const list = async (user: string, path: string) =>
    (await get(user, path).expect(200)).body as { total: number; page: number; pageSize: number; items: Item[]; dueOnOrBefore?: string };
  const numbers = (items: Item[]) => items.map((i) => i.caseNumber);

  async function open(org: 'hospitalA' | 'hospitalB', receivedAt: string, reporter: Record<string, unknown> = REPORTER): Promise<Opened> {
    const user = org === 'hospitalA' ? 'hospa.officer' : 'hospb.officer';
    const res = await s.http
      .post('/api/v1/cases')
      .set(as(user))
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS[org].id,
        receivedAt,
        title: '论文数据造假',
        allegations: ['2'],
        subjects: [{ name: '吴十' }],
        reporter,
      })
      .expect(201);
    return {
      id: res.body.id,
      number: res.body.number,
      org,
      receivedAt,
      due: computeDeadline(cal, receivedAt, { amount: 15, unit: 'working_days' }).dueDate,
    };
  }

  before(async () => {
    s = await startStack();
    for (const u of DEMO_USERS) tokens.set(u.username, await s.login(u.username));
    const years: Array<{ year: number; holidays: string[]; makeup_workdays: string[] }> = await s.db.query(
      `SELECT DISTINCT ON (year) year, holidays, makeup_workdays FROM calendar_years ORDER BY year, version DESC`,
    );
    cal = new WorkingCalendar(years.map((y): CalendarYear => ({ year: y.year, holidays: y.holidays, makeupWorkdays: y.makeup_workdays })));
    today = isoDateOf(Date.now());
    // Backdated cases: their acceptance deadline (15 working days) is overdue at once.
    c.b1 = await open('hospitalB', '2026-09-01');
    c.b2 = await open('hospitalB', '2026-09-15');
    c.a2 = await open('hospitalA', '2026-10-09');
    // A case whose acceptance is due in 1–3 working days: the latest receipt day that leaves at most 3.
    for (let k = 0; ; k++) {
      const d = addCalendarDays(today, -k);
      const left = remainingWorkingDays(cal, today, computeDeadline(cal, d, { amount: 15, unit: 'working_days' }).dueDate);
      if (left <= 3) {
        c.a1 = await open('hospitalA', d);
        soonLeft = left;
        break;
      }
    }
    // Rejected under national-2022 (no reporter objection): closed for good.
    c.b3 = await open('hospitalB', today);
    await expectAction(s.http, as('hospb.officer'), 'cases', c.b3.id, 'reject', { reason: 'no_evidence' }, 200);
    await eventually(async () => {
      const [r]: Array<{ overdue: number; open: number; rejected: number }> = await s.db.query(
        `SELECT (SELECT count(*)::int FROM case_deadlines WHERE status = 'overdue') AS overdue,
                (SELECT count(*)::int FROM case_deadlines WHERE status = 'open' AND case_id = $1) AS open,
                (SELECT count(*)::int FROM cases WHERE phase = 'rejected' AND id = $2) AS rejected`,
        [c.a1.id, c.b3.id],
      );
      return r!.overdue === 3 && r!.open === 1 && r!.rejected === 1;
    }, 'three overdue acceptance deadlines, one open, one rejected case in the projection');
  });
  after(async () => {
    await s?.stop();
  });

  const overdueSorted = () => [c.b1, c.b2, c.a2].sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : x.id < y.id ? -1 : 1));

  describe('overdue list', () => {
    it('lists every overdue deadline of the subtree with working days overdue, organisation path names and officers, no reporter', async () => {
      expect(soonLeft).toBeGreaterThanOrEqual(0);
      const body = await list('nhc.supervisor', 'overdue');
      expect(body).toMatchObject({ total: 3, page: 1, pageSize: 20, asOf: today });
      expect(numbers(body.items)).toEqual(overdueSorted().map((x) => x.number));
      for (const x of [c.b1, c.b2, c.a2]) {
        const org = x.org as 'hospitalA' | 'hospitalB';
        const item = body.items.find((i) => i.caseId === x.id)!;
        expect(item).toEqual({
          subject: 'case',
          caseId: x.id,
          caseNumber: x.number,
          kind: 'acceptance',
          kindLabel: org === 'hospitalB' ? '受理决定' : '初核及受理',
          dueDate: x.due,
          dueAt: expect.any(String),
          provisional: false,
          status: 'overdue',
          overdueWorkingDays: overdueWorkingDays(cal, today, x.due),
          remainingWorkingDays: 0,
          handlingOrgId: DEMO_ORGS[org].id,
          handlingOrgPath: PATH_NAMES[org],
          responsibleOfficers: OFFICERS[org],
          profile: org === 'hospitalB' ? 'national-2022' : 'henan-2021',
          phase: 'intake',
        });
        expect(item.overdueWorkingDays).toBeGreaterThan(10);
      }
      const text = JSON.stringify(body);
      expect(text).not.toContain(REPORTER.name);
      expect(text).not.toContain(REPORTER.contact);
      expect(text).not.toContain('@example.org'); // officers by name only, no contact data
    });

    it('is scoped to the caller’s subtree: hospital B’s chain sees its cases, the other city does not', async () => {
      for (const u of ['nhc.supervisor', 'henan.supervisor', 'henan.admin']) {
        expect(numbers((await list(u, 'overdue')).items)).toEqual(overdueSorted().map((x) => x.number));
      }
      expect(numbers((await list('zz.supervisor', 'overdue')).items)).toEqual([c.a2.number]);
      expect(numbers((await list('hospb.admin', 'overdue')).items)).toEqual(
        overdueSorted()
          .filter((x) => x.org === 'hospitalB')
          .map((x) => x.number),
      );
      expect(numbers((await list('hospa.admin', 'overdue')).items)).toEqual([c.a2.number]);
    });

    it('leaves out cases on which the caller is denied access, until allowed again', async () => {
      const henan = userId('henan.supervisor');
      await s.http
        .put(`/api/v1/cases/${c.b2.id}/denials/${henan}`)
        .set(as('hospb.admin'))
        .send({ reason: '与被调查人存在合作关系' })
        .expect(200);
      try {
        expect(numbers((await list('henan.supervisor', 'overdue')).items)).not.toContain(c.b2.number);
        expect((await list('henan.supervisor', 'overdue')).total).toBe(2);
        const summary = (await get('henan.supervisor', 'summary').expect(200)).body;
        expect(summary.totals).toMatchObject({ cases: 4, overdueDeadlines: 2 });
        const csv = (await get('henan.supervisor', 'overdue.csv').buffer(true).parse(binary).expect(200)).body as Buffer;
        expect(csv.toString('utf8')).not.toContain(c.b2.number);
        expect((await list('nhc.supervisor', 'overdue')).total).toBe(3); // others unaffected
      } finally {
        await s.http.delete(`/api/v1/cases/${c.b2.id}/denials/${henan}`).set(as('hospb.admin')).expect(200);
      }
      expect((await list('henan.supervisor', 'overdue')).total).toBe(3);
    });

    it('filters by kind, organisation subtree and profile', async () => {
      expect((await list('nhc.supervisor', 'overdue?kind=acceptance')).total).toBe(3);
      expect((await list('nhc.supervisor', 'overdue?kind=investigation')).items).toEqual([]);
      const cityB = await list('henan.supervisor', `overdue?orgId=${DEMO_ORGS.cityB.id}`);
      expect(numbers(cityB.items)).toEqual(
        overdueSorted()
          .filter((x) => x.org === 'hospitalB')
          .map((x) => x.number),
      );
      expect(numbers((await list('nhc.supervisor', `overdue?orgId=${DEMO_ORGS.hospitalA.id}`)).items)).toEqual([c.a2.number]);
      expect(numbers((await list('nhc.supervisor', 'overdue?profile=henan-2021')).items)).toEqual([c.a2.number]);
      expect((await list('nhc.supervisor', 'overdue?profile=national-2022')).total).toBe(2);
      expect((await list('nhc.supervisor', `overdue?profile=national-2022&orgId=${DEMO_ORGS.cityA.id}`)).total).toBe(0);
      // Outside the caller's subtree, or no such organisation: 404, as for cases.
      await get('zz.supervisor', `overdue?orgId=${DEMO_ORGS.cityB.id}`).expect(404);
      await get('zz.supervisor', `overdue?orgId=${DEMO_ORGS.province.id}`).expect(404);
      await get('hospb.admin', `due-soon?orgId=${DEMO_ORGS.hospitalA.id}`).expect(404);
      await get('nhc.supervisor', 'overdue?orgId=10000000-0000-4000-8000-0000000000ff').expect(404);
    });

    it('sorts by due date either way and by overdue days', async () => {
      const asc = overdueSorted().map((x) => x.number);
      expect(numbers((await list('nhc.supervisor', 'overdue?sort=dueDate')).items)).toEqual(asc);
      expect(numbers((await list('nhc.supervisor', 'overdue?sort=overdueDays')).items)).toEqual(asc);
      const desc = (await list('nhc.supervisor', 'overdue?sort=-dueDate')).items;
      expect(numbers(desc)).toEqual([...asc].reverse());
      expect(numbers((await list('nhc.supervisor', 'overdue?sort=-overdueDays')).items)).toEqual([...asc].reverse());
      const days = (await list('nhc.supervisor', 'overdue?sort=overdueDays')).items.map((i) => i.overdueWorkingDays);
      expect(days).toEqual([...days].sort((x, y) => y - x));
    });

    it('pages with a total', async () => {
      const asc = overdueSorted().map((x) => x.number);
      const pages = [];
      for (const page of [1, 2, 3]) {
        const body = await list('nhc.supervisor', `overdue?page=${page}&pageSize=1`);
        expect(body).toMatchObject({ total: 3, page, pageSize: 1 });
        pages.push(...numbers(body.items));
      }
      expect(pages).toEqual(asc);
      expect(await list('nhc.supervisor', 'overdue?page=4&pageSize=1')).toMatchObject({ total: 3, items: [] });
      expect(numbers((await list('nhc.supervisor', 'overdue?page=1&pageSize=2&sort=-dueDate')).items)).toEqual([asc[2], asc[1]]);
      expect((await list('nhc.supervisor', 'overdue?pageSize=100')).items).toHaveLength(3);
    });
  });

  describe('due-soon list', () => {
    it('lists open deadlines due within N working days with the working days left', async () => {
      const body = await list('nhc.supervisor', 'due-soon');
      expect(body).toMatchObject({ total: 1, withinWorkingDays: 5, dueOnOrBefore: addCalendarDays(cal.addWorkingDays(today, 6), -1) });
      expect(body.items[0]).toMatchObject({
        caseId: c.a1.id,
        caseNumber: c.a1.number,
        kind: 'acceptance',
        dueDate: c.a1.due,
        status: 'open',
        remainingWorkingDays: soonLeft,
        overdueWorkingDays: 0,
        handlingOrgPath: PATH_NAMES.hospitalA,
        responsibleOfficers: OFFICERS.hospitalA,
        profile: 'henan-2021',
      });
      expect(remainingWorkingDays(cal, today, body.items[0]!.dueDate)).toBe(soonLeft);
      // exactly N working days left is in, N - 1 is out
      expect((await list('nhc.supervisor', `due-soon?withinWorkingDays=${soonLeft}`)).total).toBe(1);
      if (soonLeft > 0) expect((await list('nhc.supervisor', `due-soon?withinWorkingDays=${soonLeft - 1}`)).total).toBe(0);
      // overdue deadlines never show here, whatever the window
      expect(numbers((await list('nhc.supervisor', 'due-soon?withinWorkingDays=90')).items)).toEqual([c.a1.number]);
      expect(JSON.stringify(body)).not.toContain(REPORTER.contact);
    });

    it('is scoped and filtered like the overdue list', async () => {
      expect((await list('zz.supervisor', 'due-soon')).total).toBe(1);
      expect((await list('hospa.admin', 'due-soon')).total).toBe(1);
      expect((await list('hospb.admin', 'due-soon')).total).toBe(0);
      expect((await list('nhc.supervisor', `due-soon?orgId=${DEMO_ORGS.cityB.id}`)).total).toBe(0);
      expect((await list('nhc.supervisor', 'due-soon?kind=acceptance&profile=henan-2021&sort=-dueDate&page=1&pageSize=5')).total).toBe(1);
      expect((await list('nhc.supervisor', 'due-soon?kind=defence')).total).toBe(0);
    });
  });

  describe('roles and validation', () => {
    it('refuses roles without supervision (403) and callers without a token (401)', async () => {
      for (const u of ['hospb.officer', 'hospb.head', 'hospa.investigator', 'nhc.sysadmin']) {
        for (const e of ENDPOINTS) {
          const res = await get(u, e);
          expect([u, e, res.status]).toEqual([u, e, 403]);
        }
      }
      // the role check comes before validation: a refused caller learns nothing from the parameters
      await get('hospb.officer', 'overdue?pageSize=1000').expect(403);
      for (const e of ENDPOINTS) await s.http.get(`/api/v1/supervision/${e}`).expect(401);
    });

    it('answers 400 naming each bad parameter', async () => {
      const bad = async (path: string, ...names: string[]) => {
        const res = await get('nhc.supervisor', path).expect(400);
        const text = [res.body.message, ...res.body.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`)].join(
          ' | ',
        );
        for (const n of names) expect(text).toContain(n);
      };
      await bad('overdue?pageSize=101', 'pageSize must be a whole number 1–100');
      await bad('overdue?pageSize=0', 'pageSize');
      await bad('overdue?page=0', 'page must be a positive whole number');
      await bad('overdue?page=abc&sort=name', 'page must', 'sort must be one of dueDate, -dueDate, overdueDays, -overdueDays');
      await bad('overdue?kind=bogus', 'kind must be one of acceptance');
      await bad('overdue?orgId=not-a-uuid', 'orgId must be an organisation id');
      await bad('overdue?profile=guangdong', 'profile must be one of');
      await bad('overdue?withinWorkingDays=5', 'withinWorkingDays: unknown field');
      await bad('overdue?foo=1', 'foo: unknown field');
      await bad('due-soon?withinWorkingDays=91', 'withinWorkingDays must be a whole number 0–90');
      await bad('due-soon?withinWorkingDays=-1', 'withinWorkingDays');
      await bad('due-soon?withinWorkingDays=2.5', 'withinWorkingDays');
      await bad('summary?orgId=x', 'orgId');
      await bad('summary?page=1', 'page: unknown field');
      await bad('overdue.csv?page=1', 'page: unknown field');
      await bad('due-soon.xlsx?pageSize=5', 'pageSize: unknown field');
      await bad('due-soon.csv?withinWorkingDays=100', 'withinWorkingDays');
    });
  });

  describe('summary', () => {
    const month = () => today.slice(0, 7);

    it('counts by phase, by child organisation, overdue by kind, opened and closed per month', async () => {
      const sm = (await get('nhc.supervisor', 'summary').expect(200)).body;
      expect(sm.organisation).toEqual({
        id: DEMO_ORGS.national.id,
        name: '国家卫生健康委员会',
        level: 'national',
        parentId: null,
        path: ['国家卫生健康委员会'],
      });
      expect(sm).toMatchObject({ asOf: today, withinWorkingDays: 5 });
      expect(sm.totals).toEqual({ cases: 5, openCases: 4, overdueDeadlines: 3, dueSoonDeadlines: 1 });
      expect(sm.own).toEqual({ cases: 0, openCases: 0, overdueDeadlines: 0, dueSoonDeadlines: 0 });
      const phases = Object.fromEntries((sm.byPhase as Array<{ phase: string; count: number }>).map((r) => [r.phase, r.count]));
      expect(phases).toMatchObject({ intake: 4, rejected: 1, investigation: 0, closed: 0 });
      expect(sm.children).toEqual([
        {
          id: DEMO_ORGS.province.id,
          name: '河南省卫生健康委员会',
          level: 'provincial',
          cases: 5,
          openCases: 4,
          overdueDeadlines: 3,
          dueSoonDeadlines: 1,
        },
      ]);
      expect(sm.overdueByKind).toEqual([{ kind: 'acceptance', label: '受理决定', count: 3 }]);
      expect(sm.monthly).toHaveLength(12);
      expect(sm.monthly[11].month).toBe(month());
      const opened: Record<string, number> = {};
      for (const x of Object.values(c)) opened[x.receivedAt.slice(0, 7)] = (opened[x.receivedAt.slice(0, 7)] ?? 0) + 1;
      for (const m of sm.monthly as Array<{ month: string; opened: number; closed: number }>) {
        expect([m.month, m.opened]).toEqual([m.month, opened[m.month] ?? 0]);
        expect([m.month, m.closed]).toEqual([m.month, m.month === month() ? 1 : 0]); // the rejected national case
      }
    });

    it('drills down: child organisations with their ids, each summarised in turn', async () => {
      const henan = (await get('henan.supervisor', 'summary').expect(200)).body;
      expect(henan.organisation).toMatchObject({ id: DEMO_ORGS.province.id, parentId: null });
      expect(henan.children).toEqual([
        {
          id: DEMO_ORGS.cityA.id,
          name: '郑州市卫生健康委员会',
          level: 'municipal',
          cases: 2,
          openCases: 2,
          overdueDeadlines: 1,
          dueSoonDeadlines: 1,
        },
        {
          id: DEMO_ORGS.cityB.id,
          name: '洛阳市卫生健康委员会',
          level: 'municipal',
          cases: 3,
          openCases: 2,
          overdueDeadlines: 2,
          dueSoonDeadlines: 0,
        },
      ]);
      const cityB = (await get('henan.supervisor', `summary?orgId=${henan.children[1].id}`).expect(200)).body;
      expect(cityB.organisation).toEqual({
        id: DEMO_ORGS.cityB.id,
        name: '洛阳市卫生健康委员会',
        level: 'municipal',
        parentId: DEMO_ORGS.province.id,
        path: ['国家卫生健康委员会', '河南省卫生健康委员会', '洛阳市卫生健康委员会'],
      });
      expect(cityB.totals).toEqual({ cases: 3, openCases: 2, overdueDeadlines: 2, dueSoonDeadlines: 0 });
      expect(cityB.children).toEqual([
        {
          id: DEMO_ORGS.hospitalB.id,
          name: '洛阳市中心医院',
          level: 'institution',
          cases: 3,
          openCases: 2,
          overdueDeadlines: 2,
          dueSoonDeadlines: 0,
        },
      ]);
      const hospB = (await get('henan.supervisor', `summary?orgId=${DEMO_ORGS.hospitalB.id}`).expect(200)).body;
      expect(hospB.children).toEqual([]);
      expect(hospB.own).toEqual(hospB.totals);
      expect((hospB.byPhase as Array<{ phase: string; count: number }>).find((r) => r.phase === 'rejected')!.count).toBe(1);
      // a wider due-soon window moves the count
      const wide = (await get('henan.supervisor', `summary?orgId=${DEMO_ORGS.cityA.id}&withinWorkingDays=0`).expect(200)).body;
      expect(wide.totals.dueSoonDeadlines).toBe(soonLeft === 0 ? 1 : 0);
      // zz.supervisor sees its own city only
      const zz = (await get('zz.supervisor', 'summary').expect(200)).body;
      expect(zz.organisation).toMatchObject({ id: DEMO_ORGS.cityA.id, parentId: null });
      expect(zz.totals).toEqual({ cases: 2, openCases: 2, overdueDeadlines: 1, dueSoonDeadlines: 1 });
      await get('zz.supervisor', `summary?orgId=${DEMO_ORGS.cityB.id}`).expect(404);
      await get('zz.supervisor', `summary?orgId=${DEMO_ORGS.national.id}`).expect(404);
    });
  });

  describe('exports', () => {
    const HEADERS = [
      '案件/线索编号',
      '期限类型',
      '期限代码',
      '到期日',
      '超期工作日',
      '期限状态',
      '日期暂定',
      '案件阶段',
      '承办单位',
      '责任人员',
      '适用规范',
      '案件/线索ID',
    ];

    it('overdue.csv: UTF-8 with BOM, Chinese headers, the same rows and filters as the list, recorded in the audit trail', async () => {
      const res = await get('henan.supervisor', 'overdue.csv').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain(`attachment; filename="overdue-${today}.csv"`);
      expect(res.headers['x-total-count']).toBe('3');
      expect(res.headers['x-export-truncated']).toBeUndefined();
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.subarray(3).toString('utf8');
      expect(text).not.toContain(REPORTER.name);
      expect(text).not.toContain(REPORTER.contact);
      expect(text).not.toContain('@example.org');
      const rows = parseCsv(text).filter((r) => r.some((cell) => cell !== ''));
      expect(rows[0]).toEqual(HEADERS);
      expect(rows.slice(1).map((r) => r[0])).toEqual(overdueSorted().map((x) => x.number));
      const b1 = rows.find((r) => r[0] === c.b1.number)!;
      expect(b1).toEqual([
        c.b1.number,
        '受理决定',
        'acceptance',
        c.b1.due,
        String(overdueWorkingDays(cal, today, c.b1.due)),
        '已超期',
        '否',
        '待受理',
        PATH_NAMES.hospitalB.join(' / '),
        OFFICERS.hospitalB.join('、'),
        'national-2022',
        c.b1.id,
      ]);
      const filtered = (
        await get('henan.supervisor', `overdue.csv?orgId=${DEMO_ORGS.cityA.id}&kind=acceptance`).buffer(true).parse(binary).expect(200)
      ).body as Buffer;
      expect(
        parseCsv(filtered.subarray(3).toString('utf8'))
          .filter((r) => r.length > 1)
          .map((r) => r[0]),
      ).toEqual(['案件/线索编号', c.a2.number]);
      const audit: Array<{ details: { rows: number } }> = await s.db.query(
        `SELECT details FROM audit_log WHERE action = 'EXPORT /api/v1/supervision/overdue.csv' AND username = 'henan.supervisor' ORDER BY id`,
      );
      expect(audit.map((a) => a.details.rows)).toEqual(expect.arrayContaining([3, 1]));
    });

    it('overdue.xlsx and due-soon.xlsx: a worksheet with the Chinese headers and one row per deadline', async () => {
      const read = async (path: string) => {
        const res = await get('nhc.supervisor', path).buffer(true).parse(binary).expect(200);
        expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.body as Parameters<typeof wb.xlsx.load>[0]);
        const ws = wb.worksheets[0]!;
        const rows: unknown[][] = [];
        ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
        return { name: ws.name, rows };
      };
      const overdue = await read('overdue.xlsx');
      expect(overdue.name).toBe('超期期限');
      expect(overdue.rows[0]).toEqual(HEADERS);
      expect(overdue.rows.slice(1).map((r) => r[0])).toEqual(overdueSorted().map((x) => x.number));
      const a2 = overdue.rows.find((r) => r[0] === c.a2.number)!;
      expect(a2.slice(0, 5)).toEqual([c.a2.number, '初核及受理', 'acceptance', c.a2.due, overdueWorkingDays(cal, today, c.a2.due)]);
      expect(a2[8]).toBe(PATH_NAMES.hospitalA.join(' / '));
      const soon = await read(`due-soon.xlsx?withinWorkingDays=${soonLeft}`);
      expect(soon.name).toBe('临期期限');
      expect(soon.rows[0]![4]).toBe('剩余工作日');
      expect(soon.rows.slice(1).map((r) => [r[0], r[4], r[5]])).toEqual([[c.a1.number, soonLeft, '未到期']]);
      expect(JSON.stringify([overdue.rows, soon.rows])).not.toContain(REPORTER.contact);
    });

    it('due-soon.csv takes the due-soon window and filters', async () => {
      const body = (await get('zz.supervisor', 'due-soon.csv?withinWorkingDays=10').buffer(true).parse(binary).expect(200)).body as Buffer;
      const rows = parseCsv(body.subarray(3).toString('utf8')).filter((r) => r.length > 1);
      expect(rows[0]![4]).toBe('剩余工作日');
      expect(rows.slice(1).map((r) => [r[0], r[4]])).toEqual([[c.a1.number, String(soonLeft)]]);
      const none = (await get('zz.supervisor', 'due-soon.csv?kind=appeal').buffer(true).parse(binary).expect(200)).body as Buffer;
      expect(parseCsv(none.subarray(3).toString('utf8')).filter((r) => r.length > 1)).toHaveLength(1); // the header only
    });
  });
  describe('overdue trend', () => {
    interface Point {
      label: string;
      start: string;
      end: string;
      at: string;
      overdue: number;
    }
    interface Trend {
      from: string;
      to: string;
      granularity: string;
      points: Point[];
    }
    const trend = async (user: string, qs: string) => (await get(user, `overdue-trend?${qs}`).expect(200)).body as Trend;
    const daysFrom = (from: string, to: string) => {
      const out: string[] = [];
      for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
      return out;
    };
    /**
     * The rule, computed independently: a deadline counts on day D iff it is due before the end of D (due day <= D,
     * due at its 23:59:59) and not met or closed by the end of D (met day > D). `met` undefined: not met.
     */
    const expected = (days: string[], deadlines: Array<{ due: string; met?: string }>) =>
      days.map((d) => deadlines.filter((x) => x.due <= d && (x.met === undefined || x.met > d)).length);
    let from: string;

    before(() => {
      // two days before the earliest due day (or a year back at most: one request holds 366 days)
      const earliest = addCalendarDays(overdueSorted()[0]!.due, -2);
      const yearBack = addCalendarDays(today, -365);
      from = earliest > yearBack ? earliest : yearBack;
    });

    it('counts per day the deadlines due before the end of the day and not met or closed by then; not yet due never counts', async () => {
      const body = await trend('nhc.supervisor', `from=${from}&to=${today}`);
      const days = daysFrom(from, today);
      expect(body).toMatchObject({ from, to: today, granularity: 'day' });
      expect(body.points.map((p) => [p.label, p.start, p.end])).toEqual(days.map((d) => [d, d, d]));
      // b3 (closed on rejection before its due day) and a1 (not due yet) are in none of the points
      expect(body.points.map((p) => p.overdue)).toEqual(expected(days, [c.b1, c.b2, c.a2]));
      expect(body.points.at(-1)!.overdue).toBe((await list('nhc.supervisor', 'overdue')).total);
      expect(body.points[0]!.overdue).toBe(0);
      // a point counts at 00:00 of the next day (Asia/Shanghai); today's, at the time of the request
      const i = days.indexOf(c.b1.due);
      expect(new Date(body.points[i]!.at).toISOString()).toBe(new Date(`${addCalendarDays(c.b1.due, 1)}T00:00:00+08:00`).toISOString());
    });

    it('is scoped to the caller’s subtree (orgId drills down, 404 outside) and leaves out denied cases', async () => {
      const days = daysFrom(from, today);
      expect((await trend('zz.supervisor', `from=${from}&to=${today}`)).points.map((p) => p.overdue)).toEqual(expected(days, [c.a2]));
      expect(
        (await trend('henan.supervisor', `from=${from}&to=${today}&orgId=${DEMO_ORGS.cityB.id}`)).points.map((p) => p.overdue),
      ).toEqual(expected(days, [c.b1, c.b2]));
      await get('zz.supervisor', `overdue-trend?orgId=${DEMO_ORGS.cityB.id}`).expect(404);
      const henan = userId('henan.supervisor');
      await s.http.put(`/api/v1/cases/${c.b2.id}/denials/${henan}`).set(as('hospb.admin')).send({ reason: '回避' }).expect(200);
      try {
        expect((await trend('henan.supervisor', `from=${from}&to=${today}`)).points.map((p) => p.overdue)).toEqual(
          expected(days, [c.b1, c.a2]),
        );
      } finally {
        await s.http.delete(`/api/v1/cases/${c.b2.id}/denials/${henan}`).set(as('hospb.admin')).expect(200);
      }
    });

    it('stops counting a deadline from the day it is met, in day, week and month points', async () => {
      // b1's acceptance decision, overdue since its due day, is met now; its investigation deadline opens (not due).
      await expectAction(s.http, as('hospb.officer'), 'cases', c.b1.id, 'accept', {}, 200);
      await eventually(async () => {
        const [d]: Array<{ status: string; resolved: boolean }> = await s.db.query(
          `SELECT status, resolved_at IS NOT NULL AS resolved FROM case_deadlines WHERE case_id = $1 AND kind = 'acceptance'`,
          [c.b1.id],
        );
        return d?.status === 'met' && d.resolved;
      }, 'b1 acceptance met in the projection');
      const days = daysFrom(from, today);
      const now = await trend('nhc.supervisor', `from=${from}&to=${today}`);
      expect(now.points.map((p) => p.overdue)).toEqual(expected(days, [{ ...c.b1, met: today }, c.b2, c.a2]));
      expect(now.points.at(-1)!.overdue).toBe(2);
      expect(now.points.at(-2)!.overdue).toBe(3); // still overdue at the end of yesterday

      // The same deadline as if it had been met on a past day (the projection's met instant moved back): it counts up to
      // the day before, not on the met day, not after.
      const metDay = addCalendarDays(c.b2.due, 3);
      await s.db.query(`UPDATE case_deadlines SET resolved_at = $2 WHERE case_id = $1 AND kind = 'acceptance'`, [
        c.b1.id,
        `${metDay}T10:00:00+08:00`,
      ]);
      const past = await trend('nhc.supervisor', `from=${from}&to=${today}&granularity=day`);
      const perDay = expected(days, [{ ...c.b1, met: metDay }, c.b2, c.a2]);
      expect(past.points.map((p) => p.overdue)).toEqual(perDay);
      const k = days.indexOf(metDay);
      expect([c.b2.due, c.a2.due]).not.toContain(metDay); // nothing else changes on the met day
      expect(past.points[k]!.overdue).toBe(past.points[k - 1]!.overdue - 1);
      expect(past.points[k - 1]!.overdue).toBeGreaterThanOrEqual(2); // b1 and b2, both due before

      // Weeks (Monday first) and months: the count at the end of each point's last day within the range.
      const byDay = new Map(days.map((d, j) => [d, perDay[j]!]));
      for (const granularity of ['week', 'month']) {
        const body = await trend('nhc.supervisor', `from=${from}&to=${today}&granularity=${granularity}`);
        expect(body.points[0]!.start).toBe(from);
        expect(body.points.at(-1)!.end).toBe(today);
        for (const p of body.points) expect([p.label, p.end, p.overdue]).toEqual([p.label, p.end, byDay.get(p.end)]);
        if (granularity === 'week') for (const p of body.points) expect(new Date(`${p.label}T12:00:00Z`).getUTCDay()).toBe(1);
        else for (const p of body.points) expect(p.label).toBe(p.end.slice(0, 7));
      }
    });

    it('defaults to the last 30 days and answers 400 naming each bad parameter', async () => {
      const body = await trend('nhc.supervisor', '');
      expect(body).toMatchObject({ from: addCalendarDays(today, -29), to: today, granularity: 'day' });
      expect(body.points).toHaveLength(30);
      expect((await trend('nhc.supervisor', 'granularity=month')).points).toHaveLength(12);
      const bad = async (qs: string, ...names: string[]) => {
        const res = await get('nhc.supervisor', `overdue-trend?${qs}`).expect(400);
        const text = [res.body.message, ...res.body.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`)].join(
          ' | ',
        );
        for (const n of names) expect(text).toContain(n);
      };
      await bad('from=yesterday', 'from must be a date YYYY-MM-DD');
      await bad('from=2026-02-30', 'from must be a date YYYY-MM-DD (a calendar date of 1900–2099)');
      await bad('to=2026-1-5', 'to must be a date YYYY-MM-DD');
      await bad('granularity=year', 'granularity must be one of day, week, month');
      await bad(`from=${today}&to=${addCalendarDays(today, -1)}`, 'from must not be after to');
      await bad(`to=${addCalendarDays(today, 1)}`, 'to must not be after today');
      await bad(`from=${addCalendarDays(today, -400)}`, 'from: the range spans 401 days');
      await bad('orgId=x', 'orgId');
      await bad('page=1', 'page: unknown field');
    });
  });
  describe('summary counters', () => {
    const summaries = async () => {
      const out: Record<string, unknown> = {};
      for (const [user, orgId] of [
        ['nhc.supervisor', undefined],
        ['henan.supervisor', undefined],
        ['henan.supervisor', DEMO_ORGS.cityA.id],
        ['henan.supervisor', DEMO_ORGS.hospitalA.id],
        ['hospb.admin', undefined],
      ] as const) {
        out[`${user} ${orgId ?? ''}`] = (await get(user, `summary${orgId ? `?orgId=${orgId}` : ''}`).expect(200)).body;
        const trendQuery = `from=${addCalendarDays(today, -120)}${orgId ? `&orgId=${orgId}` : ''}`;
        const trend = (await get(user, `overdue-trend?${trendQuery}`).expect(200)).body as {
          points: Array<{ label: string; overdue: number }>;
        };
        out[`${user} ${orgId ?? ''} trend`] = trend.points.map((x) => [x.label, x.overdue]);
      }
      return out;
    };

    it('closes a rejected henan-2021 case when its objection period closes; summaries and trends always equal a rebuild from the projection', async () => {
      const before = (await get('zz.supervisor', 'summary').expect(200)).body;
      // A reporter reached by phone: the reporter notice stays open (an e-mailed refusal would meet it, issue 17 point 7).
      const r = await open('hospitalA', today, { ...REPORTER, contact: '13900000000' });
      await expectAction(s.http, as('hospa.officer'), 'cases', r.id, 'reject', { reason: 'no_evidence' }, 200);
      await eventually(
        async () =>
          (await get('zz.supervisor', 'summary').expect(200)).body.byPhase.find((x: { phase: string }) => x.phase === 'rejected')?.count ===
          1,
        'rejected',
      );
      // henan-2021: a rejected case stays open for the reporter's objection (001 art.14)
      const rejected = (await get('zz.supervisor', 'summary').expect(200)).body;
      expect(rejected.totals).toMatchObject({ cases: before.totals.cases + 1, openCases: before.totals.openCases + 1 });
      await expectAction(s.http, as('hospa.officer'), 'cases', r.id, 'close_objection_period', {}, 200);
      await eventually(
        async () => (await get('zz.supervisor', 'summary').expect(200)).body.totals.openCases === before.totals.openCases,
        'objection period closed',
      );
      const closed = (await get('zz.supervisor', 'summary').expect(200)).body;
      expect(closed.monthly.at(-1).closed).toBe(before.monthly.at(-1).closed + 1);
      // a denied case is subtracted from the counters
      const henan = userId('henan.supervisor');
      await s.http.put(`/api/v1/cases/${r.id}/denials/${henan}`).set(as('hospa.admin')).send({ reason: '回避' }).expect(200);
      const denied = (await get('henan.supervisor', `summary?orgId=${DEMO_ORGS.cityA.id}`).expect(200)).body;
      // the case and its reporter-notice deadline (5 working days, open) leave the caller's figures
      expect(denied.totals).toEqual({
        ...closed.totals,
        cases: closed.totals.cases - 1,
        dueSoonDeadlines: closed.totals.dueSoonDeadlines - 1,
      });
      expect(denied.monthly.at(-1).closed).toBe(before.monthly.at(-1).closed);
      // Everything the triggers kept through this file's flows equals counting the projection afresh.
      const kept = await summaries();
      await s.db.query(`SELECT supervision_counts_rebuild()`);
      expect(await summaries()).toEqual(kept);
      await s.http.delete(`/api/v1/cases/${r.id}/denials/${henan}`).set(as('hospa.admin')).expect(200);
    });
  });
});
