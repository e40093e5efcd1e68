/**
 * Organisations and accounts end to end (issue: organisation tree and accounts): the scoped tree, the CSV import with
 * row-level errors and idempotent re-import, account administration, and deactivation / role removal acting on the
 * very next request rather than at token expiry.
 *
 * Login is rate-limited to 10 a minute per address: this suite makes 8 login requests (tokens are cached by the stack).
 */
import { expectAction } from '../support/actions';
import ExcelJS from 'exceljs';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HEADER = 'name,level,parentRegionCode,regionCode,policyProfile';

/** Every issue of an error body as `path: message` lines. */
const issuesText = (body: { issues: Array<{ path: string; message: string }> }) =>
  body.issues.map((i) => `${i.path}: ${i.message}`).join('\n');

/** Rows 2.. as a spreadsheet numbers them; the comment after each is what the import must do with it. */
const IMPORT_CSV = [
  HEADER,
  '开封市卫生健康委员会,municipal,410000,410200,henan-2021', //      2 ok: under the province
  '开封市第一人民医院,institution,410200,410202,', //                  3 ok: parent is row 2; profile defaults to national-2022
  '河南省人民医院,institution,410000,410105,henan-2021', //           4 ok: institution directly under a province [decision]
  ',municipal,410000,410400,', //                                     5 name missing
  '平顶山市卫生健康委员会,county,410000,410401,', //                   6 level unknown
  '安阳市卫生健康委员会,municipal,410000,41050,', //                   7 region code not 6 digits
  '新乡市卫生健康委员会,municipal,410100,410700,', //                  8 parent 410100 is municipal: not one level up
  '焦作市卫生健康委员会,municipal,999999,410800,', //                  9 parent unknown
  '濮阳市卫生健康委员会,municipal,410000,410200,', //                 10 region code repeats row 2
  '许昌市卫生健康委员会,municipal,410000,410102,', //                 11 region code of an existing organisation (hospital A)
  '漯河市中心医院,institution,410400,411101,', //                     12 parent is row 5, which was refused
  '三门峡市卫生健康委员会,municipal,410000,411200,henan-2099', //     13 unknown policy profile
  '"南阳市卫生健康委员会（""宛城""）",municipal,410000,411300,national-2022', // 14 ok: quoted, with a quote inside
  '商丘市第一人民医院,institution,411400,411401,', //                 15 parent comes later (row 16)
  '商丘市卫生健康委员会,municipal,410000,411400,henan-2021', //       16 ok
  '', //                                                              17 blank: skipped
  '周口市卫生健康委员会,municipal,410000,411600,,extra', //           18 a value outside the header's columns
].join('\r\n');

const FIRST_ERRORS = [
  { row: 5, field: 'name', message: 'required' },
  { row: 6, field: 'level', message: expect.stringContaining('must be one of national, provincial, municipal, institution') },
  { row: 7, field: 'regionCode', message: expect.stringContaining('6 digits') },
  { row: 8, field: 'parentRegionCode', message: expect.stringContaining('must sit directly under a provincial one; 410100 is municipal') },
  { row: 9, field: 'parentRegionCode', message: expect.stringContaining('no organisation with region code 999999') },
  { row: 10, field: 'regionCode', message: 'duplicate of row 2' },
  { row: 11, field: 'regionCode', message: expect.stringMatching(/^duplicate: organisation "郑州市第一人民医院"/) },
  { row: 12, field: 'parentRegionCode', message: 'the parent (row 5) was not imported' },
  { row: 13, field: 'policyProfile', message: expect.stringMatching(/^must be one of .*henan-2021.*\(empty: national-2022\)$/) },
  { row: 15, field: 'parentRegionCode', message: 'the parent is row 16; parents must come before their children' },
  { row: 18, field: null, message: expect.stringContaining('outside the header') },
];

interface Org {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  regionCode: string;
  policyProfile: string;
  path: string;
}

describe('organisations and users', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
  const login = async (user: string) => (tokens[user] = await s.login(user));
  const idOf = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));
  const csv = (text: string | Buffer, filename = 'orgs.csv') => ({
    body: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    options: { filename, contentType: 'text/csv' },
  });
  const importAs = (user: string, file: { body: Buffer; options: { filename: string; contentType: string } }) =>
    s.http.post('/api/v1/organisations/import').set(as(user)).attach('file', file.body, file.options);
  const orgCount = async () => ((await s.db.query(`SELECT count(*)::int AS n FROM organisations`)) as Array<{ n: number }>)[0]!.n;

  /** Creates an account as `by` (a system_admin) with the demo password, so the stack's cached login works for it. */
  async function createUser(by: string, body: { username: string; orgId: string; roles: string[]; name?: string }) {
    const res = await s.http
      .post('/api/v1/users')
      .set(as(by))
      .send({ name: body.username, password: DEMO_PASSWORD, ...body });
    if (res.status !== 201) throw new Error(`create ${body.username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; username: string; roles: string[]; active: boolean };
  }

  const newCase = (orgId = DEMO_ORGS.hospitalA.id) => ({
    source: 'report',
    handlingOrgId: orgId,
    receivedAt: isoDateOf(Date.now()),
    title: '论文数据疑似造假',
    allegations: ['2'],
    subjects: [{ name: '王五' }],
  });

  before(async () => {
    s = await startStack();
    await login('nhc.sysadmin');
    await login('hospa.admin');
  });
  after(async () => {
    await s?.stop();
  });

  describe('the organisation tree', () => {
    it('lists the caller’s subtree, one organisation, and the children of one; outside the subtree is 404', async () => {
      const all = (await s.http.get('/api/v1/organisations').set(as('nhc.sysadmin')).expect(200)).body as Org[];
      expect(all.map((o) => o.regionCode)).toEqual(['100000', '410000', '410100', '410300', '410102', '410302']);
      expect(all.find((o) => o.id === DEMO_ORGS.hospitalA.id)).toEqual({
        id: DEMO_ORGS.hospitalA.id,
        name: '郑州市第一人民医院',
        level: 'institution',
        parentId: DEMO_ORGS.cityA.id,
        regionCode: '410102',
        policyProfile: 'henan-2021',
        path: [DEMO_ORGS.national.id, DEMO_ORGS.province.id, DEMO_ORGS.cityA.id, DEMO_ORGS.hospitalA.id].join('/'),
      });

      const children = (
        await s.http.get('/api/v1/organisations').query({ parentId: DEMO_ORGS.province.id }).set(as('nhc.sysadmin')).expect(200)
      ).body as Org[];
      expect(children.map((o) => o.id)).toEqual([DEMO_ORGS.cityA.id, DEMO_ORGS.cityB.id]);

      const mine = (await s.http.get('/api/v1/organisations').set(as('hospa.admin')).expect(200)).body as Org[];
      expect(mine.map((o) => o.id)).toEqual([DEMO_ORGS.hospitalA.id]);
      await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}`).set(as('hospa.admin')).expect(200);
      await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalB.id}`).set(as('hospa.admin')).expect(404);
      await s.http.get(`/api/v1/organisations/${DEMO_ORGS.cityA.id}`).set(as('hospa.admin')).expect(404);
      await s.http.get('/api/v1/organisations').query({ parentId: DEMO_ORGS.cityA.id }).set(as('hospa.admin')).expect(404);
      await s.http.get('/api/v1/organisations/not-a-uuid').set(as('hospa.admin')).expect(404);
      const bad = await s.http.get('/api/v1/organisations').query({ parentId: 'x' }).set(as('hospa.admin')).expect(400);
      expect(issuesText(bad.body)).toContain('parentId must be a UUID');
      await s.http.get('/api/v1/organisations').expect(401);
    });

    it('imports the good rows of a CSV file and reports each bad row with its number, field and reason', async () => {
      const before = await orgCount();
      const res = await importAs('nhc.sysadmin', csv(IMPORT_CSV)).expect(200);
      expect(res.body).toEqual({ imported: 5, errors: FIRST_ERRORS });
      expect(await orgCount()).toBe(before + 5);

      const all = (await s.http.get('/api/v1/organisations').set(as('nhc.sysadmin')).expect(200)).body as Org[];
      const byCode = new Map(all.map((o) => [o.regionCode, o]));
      const kaifeng = byCode.get('410200')!;
      expect(kaifeng).toMatchObject({
        name: '开封市卫生健康委员会',
        level: 'municipal',
        parentId: DEMO_ORGS.province.id,
        policyProfile: 'henan-2021',
      });
      expect(kaifeng.id).toMatch(UUID_V4);
      expect(kaifeng.path).toBe(`${DEMO_ORGS.national.id}/${DEMO_ORGS.province.id}/${kaifeng.id}`);
      const hospital = byCode.get('410202')!;
      expect(hospital).toMatchObject({
        level: 'institution',
        parentId: kaifeng.id,
        policyProfile: 'national-2022',
        path: `${kaifeng.path}/${hospital.id}`,
      });
      expect(byCode.get('410105')).toMatchObject({ level: 'institution', parentId: DEMO_ORGS.province.id });
      expect(byCode.get('411300')).toMatchObject({ name: '南阳市卫生健康委员会（"宛城"）', policyProfile: 'national-2022' });
      expect(byCode.get('411400')).toMatchObject({ level: 'municipal', policyProfile: 'henan-2021' });
      for (const refused of ['410400', '410401', '41050', '410700', '410800', '411101', '411200', '411401', '411600']) {
        expect(byCode.has(refused)).toBe(false);
      }
      // Row 10 (same code as row 2) did not overwrite row 2; hospital A (row 11's code) is untouched.
      expect(kaifeng.name).toBe('开封市卫生健康委员会');
      expect(byCode.get('410102')).toMatchObject({ id: DEMO_ORGS.hospitalA.id, name: '郑州市第一人民医院' });
      // The new organisations belong to the province's subtree: Henan's integrity admin sees them.
      await login('henan.admin');
      await s.http.get(`/api/v1/organisations/${hospital.id}`).set(as('henan.admin')).expect(200);
    });

    it('importing the same file again creates nothing and reports the imported rows as duplicates', async () => {
      const before = await orgCount();
      const res = await importAs('nhc.sysadmin', csv(IMPORT_CSV)).expect(200);
      expect(res.body.imported).toBe(0);
      expect(await orgCount()).toBe(before);
      const duplicate = (row: number, name: string) => ({
        row,
        field: 'regionCode',
        message: expect.stringMatching(
          new RegExp(
            `^duplicate: organisation ${escape(JSON.stringify(name))} \\(${UUID_V4.source.slice(1, -1)}\\) already has region code \\d{6}$`,
          ),
        ),
      });
      expect(res.body.errors).toEqual([
        duplicate(2, '开封市卫生健康委员会'),
        duplicate(3, '开封市第一人民医院'),
        duplicate(4, '河南省人民医院'),
        ...FIRST_ERRORS.filter((e) => e.row < 10),
        duplicate(10, '开封市卫生健康委员会'),
        ...FIRST_ERRORS.filter((e) => e.row >= 11 && e.row <= 13),
        duplicate(14, '南阳市卫生健康委员会（"宛城"）'),
        ...FIRST_ERRORS.filter((e) => e.row === 15),
        duplicate(16, '商丘市卫生健康委员会'),
        ...FIRST_ERRORS.filter((e) => e.row === 18),
      ]);
    });

    it('only a system_admin may import (403 before the file is read); unreadable files are refused whole', async () => {
      const before = await orgCount();
      const denied = await importAs('hospa.admin', csv(`${HEADER}\n某医院,institution,410102,410199,`)).expect(403);
      expect(denied.body).toMatchObject({ error: 'FORBIDDEN', message: expect.stringContaining('system_admin'), issues: [] });
      await s.http.post('/api/v1/organisations/import').set(as('hospa.admin')).expect(403);

      const noFile = await s.http.post('/api/v1/organisations/import').set(as('nhc.sysadmin')).expect(400);
      expect(noFile.body).toMatchObject({
        issues: [expect.objectContaining({ path: 'file' })],
        message: expect.stringContaining('a CSV or XLSX file is required'),
      });
      const header = await importAs('nhc.sysadmin', csv('name,level,regioncode,parent\n甲,municipal,410900,')).expect(400);
      expect(header.body.message).toMatch(/missing column\(s\) parentRegionCode; unknown column\(s\) parent/);
      const gbk = Buffer.concat([
        Buffer.from(`${HEADER}\n`),
        Buffer.from([0xd6, 0xd0, 0xd0, 0xc4]),
        Buffer.from(',municipal,410000,410900,\n'),
      ]);
      expect((await importAs('nhc.sysadmin', csv(gbk)).expect(400)).body.message).toContain('not UTF-8');
      const brokenXlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
      expect((await importAs('nhc.sysadmin', csv(brokenXlsx, 'orgs.xlsx')).expect(400)).body.message).toContain('not a readable XLSX file');
      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(60)]);
      expect((await importAs('nhc.sysadmin', csv(xls, 'orgs.xls')).expect(415)).body.message).toContain('.xlsx');
      await importAs('nhc.sysadmin', csv(`${HEADER}\n`)).expect(400);
      await importAs('nhc.sysadmin', csv('name,level\n"unterminated,municipal')).expect(400);
      const big = Buffer.alloc(2 * 1024 * 1024 + 1, 'a');
      await importAs('nhc.sysadmin', csv(big)).expect(413);
      expect(await orgCount()).toBe(before);
    });
  });

  it('imports an XLSX workbook (first sheet, same columns) with row-level errors', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('机构');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['驻马店市卫生健康委员会', 'municipal', '410000', '411700', 'henan-2021']);
    sheet.addRow(['驻马店市中心医院', 'institution', '411700', '411702', '']);
    sheet.addRow(['驻马店某诊所', 'clinic', '411700', '411703', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await s.http
      .post('/api/v1/organisations/import')
      .set(as('nhc.sysadmin'))
      .attach('file', file, { filename: 'orgs.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
      .expect(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 4, field: 'level' })]);
    const [hospital] = await s.db.query(
      `SELECT o.level, p.region_code AS parent FROM organisations o JOIN organisations p ON p.id = o.parent_id WHERE o.region_code = '411702'`,
    );
    expect(hospital).toEqual({ level: 'institution', parent: '411700' });
  });

  describe('accounts', () => {
    it('creates an account that can log in; a removed role is refused on the very next request', async () => {
      const created = await createUser('nhc.sysadmin', {
        username: 'e2e.officer',
        name: '新办案人员',
        orgId: DEMO_ORGS.hospitalA.id,
        roles: ['case_officer'],
      });
      expect(created).toEqual({
        id: expect.stringMatching(UUID_V4),
        username: 'e2e.officer',
        name: '新办案人员',
        email: null,
        orgId: DEMO_ORGS.hospitalA.id,
        orgName: '郑州市第一人民医院',
        roles: ['case_officer'],
        active: true,
      });
      await login('e2e.officer');
      await s.http.post('/api/v1/cases').set(as('e2e.officer')).send(newCase()).expect(201);

      const patched = await s.http
        .patch(`/api/v1/users/${created.id}`)
        .set(as('nhc.sysadmin'))
        .send({ roles: ['investigator'] })
        .expect(200);
      expect(patched.body).toMatchObject({ roles: ['investigator'], active: true });
      // Same token, next request: the role is gone.
      const refused = await s.http.post('/api/v1/cases').set(as('e2e.officer')).send(newCase()).expect(403);
      expect(refused.body.error).toBe('FORBIDDEN');
      const me = await s.http.get('/api/v1/auth/me').set(as('e2e.officer')).expect(200);
      expect(me.body.roles).toEqual(['investigator']);
    });

    it('deactivating an account refuses its old token on the very next request, and its login', async () => {
      const leaver = await createUser('nhc.sysadmin', { username: 'e2e.leaver', orgId: DEMO_ORGS.hospitalB.id, roles: ['case_officer'] });
      await login('e2e.leaver');
      await s.http.get('/api/v1/auth/me').set(as('e2e.leaver')).expect(200);

      const res = await s.http.patch(`/api/v1/users/${leaver.id}`).set(as('nhc.sysadmin')).send({ active: false }).expect(200);
      expect(res.body).toMatchObject({ id: leaver.id, active: false });
      await s.http.get('/api/v1/auth/me').set(as('e2e.leaver')).expect(401);
      await s.http.post('/api/v1/auth/login').send({ username: 'e2e.leaver', password: DEMO_PASSWORD }).expect(401);

      // Reactivated: the token issued before the deactivation stays dead; a new login works.
      await new Promise((r) => setTimeout(r, 1100)); // token issue times have one-second resolution
      await s.http.patch(`/api/v1/users/${leaver.id}`).set(as('nhc.sysadmin')).send({ active: true }).expect(200);
      await s.http.get('/api/v1/auth/me').set(as('e2e.leaver')).expect(401);
      const fresh = await s.http.post('/api/v1/auth/login').send({ username: 'e2e.leaver', password: DEMO_PASSWORD }).expect(200);
      await s.http
        .get('/api/v1/auth/me')
        .set({ Authorization: `Bearer ${fresh.body.accessToken}` })
        .expect(200);

      const listed = (await s.http.get('/api/v1/users').set(as('nhc.sysadmin')).expect(200)).body as Array<Record<string, unknown>>;
      expect(listed.find((u) => u.id === leaver.id)).toMatchObject({ active: true });
      for (const u of listed) {
        expect(Object.keys(u).sort()).toEqual(['active', 'email', 'id', 'name', 'orgId', 'orgName', 'roles', 'username']);
      }
    });

    it('several integrity admins of one organisation have equal rights', async () => {
      await createUser('nhc.sysadmin', {
        username: 'e2e.admin2',
        orgId: DEMO_ORGS.hospitalA.id,
        roles: ['integrity_admin'],
        name: '甲院诚信管理员二',
      });
      await login('e2e.admin2');

      // Both list the same accounts: their own organisation's, and no other.
      type Listed = Array<{ id: string; username: string; orgId: string }>;
      const a = (await s.http.get('/api/v1/users').set(as('hospa.admin')).expect(200)).body as Listed;
      const b = (await s.http.get('/api/v1/users').set(as('e2e.admin2')).expect(200)).body as Listed;
      expect(b).toEqual(a);
      expect(a.map((u) => u.username)).toEqual(expect.arrayContaining(['hospa.admin', 'e2e.admin2', 'hospa.officer', 'e2e.officer']));
      expect(a.every((u) => u.orgId === DEMO_ORGS.hospitalA.id)).toBe(true);
      await s.http
        .get(`/api/v1/users/${idOf('hospa.admin')}`)
        .set(as('e2e.admin2'))
        .expect(200);
      await s.http
        .get(`/api/v1/users/${idOf('hospb.admin')}`)
        .set(as('e2e.admin2'))
        .expect(404);

      // One opens a case, the other takes the next step on it.
      const opened = await s.http.post('/api/v1/cases').set(as('e2e.admin2')).send(newCase()).expect(201);
      await s.http.get(`/api/v1/cases/${opened.body.id}`).set(as('hospa.admin')).expect(200);
      const accepted = await expectAction(
        s.http,
        as('hospa.admin'),
        'cases',
        opened.body.id,
        'accept',
        { checkedBy: [idOf('hospa.officer'), idOf('hospa.admin')] },
        200,
      );
      expect(accepted.body.phase).toBe('investigation');

      // Neither administers accounts.
      await s.http.post('/api/v1/users').set(as('hospa.admin')).send({}).expect(403);
      await s.http
        .patch(`/api/v1/users/${idOf('hospa.officer')}`)
        .set(as('e2e.admin2'))
        .send({ active: false })
        .expect(403);
      const [officer] = await s.db.query(`SELECT active FROM users WHERE username = 'hospa.officer'`);
      expect(officer).toEqual({ active: true });
    });

    it('refuses a taken username with 409 and bad bodies with 400 naming each field', async () => {
      const before = ((await s.db.query(`SELECT count(*)::int AS n FROM users`)) as Array<{ n: number }>)[0]!.n;
      const taken = await s.http
        .post('/api/v1/users')
        .set(as('nhc.sysadmin'))
        .send({ username: 'hospa.officer', name: '重名', orgId: DEMO_ORGS.hospitalA.id, roles: ['case_officer'], password: DEMO_PASSWORD })
        .expect(409);
      expect(taken.body).toMatchObject({ error: 'CONFLICT', issues: [expect.objectContaining({ path: 'username' })] });

      const bad = await s.http
        .post('/api/v1/users')
        .set(as('nhc.sysadmin'))
        .send({
          username: 'Bad Name',
          name: '',
          email: 'not-an-email',
          orgId: 'x',
          roles: ['king', 'case_officer'],
          password: 'short',
          passwordHash: 'x',
        })
        .expect(400);
      const message = issuesText(bad.body);
      for (const m of [
        /username must be 3–64 characters/,
        /name must be longer than or equal to 1/,
        /email must be an email/,
        /orgId must be a UUID/,
        /each value in roles must be one of the following values/,
        /password must be longer than or equal to 12/,
        /passwordHash: unknown field/,
      ]) {
        expect(message).toMatch(m);
      }
      const missing = await s.http.post('/api/v1/users').set(as('nhc.sysadmin')).send({}).expect(400);
      expect(issuesText(missing.body)).toMatch(/username[\s\S]*name[\s\S]*orgId[\s\S]*roles[\s\S]*password/);
      const noRoles = await s.http
        .post('/api/v1/users')
        .set(as('nhc.sysadmin'))
        .send({ username: 'e2e.noroles', name: '无角色', orgId: DEMO_ORGS.hospitalA.id, roles: [], password: DEMO_PASSWORD })
        .expect(400);
      expect(issuesText(noRoles.body)).toMatch(/roles must contain at least 1/);

      const id = idOf('hospb.officer');
      const patch = await s.http
        .patch(`/api/v1/users/${id}`)
        .set(as('nhc.sysadmin'))
        .send({ active: 'no', roles: ['king'], username: 'renamed' })
        .expect(400);
      const patchMessage = issuesText(patch.body);
      expect(patchMessage).toMatch(/active must be a boolean/);
      expect(patchMessage).toMatch(/each value in roles must be one of/);
      expect(patchMessage).toMatch(/username: unknown field/);
      const empty = await s.http.patch(`/api/v1/users/${id}`).set(as('nhc.sysadmin')).send({}).expect(400);
      expect(empty.body).toMatchObject({
        issues: [expect.objectContaining({ path: 'body' })],
        message: expect.stringContaining('at least one of active, roles, name'),
      });
      await s.http.patch('/api/v1/users/not-a-uuid').set(as('nhc.sysadmin')).send({ name: 'x' }).expect(404);

      expect(((await s.db.query(`SELECT count(*)::int AS n FROM users`)) as Array<{ n: number }>)[0]!.n).toBe(before);
      const [row] = await s.db.query(`SELECT active, roles FROM users WHERE id = $1`, [id]);
      expect(row).toEqual({ active: true, roles: ['case_officer'] });
    });

    it('a provincial system_admin sees, creates and changes accounts only in its subtree', async () => {
      await createUser('nhc.sysadmin', {
        username: 'e2e.henan.sysadmin',
        orgId: DEMO_ORGS.province.id,
        roles: ['system_admin'],
        name: '河南省系统管理员',
      });
      const me = await login('e2e.henan.sysadmin');
      const henan = { Authorization: `Bearer ${me}` };

      const users = (await s.http.get('/api/v1/users').set(henan).expect(200)).body as Array<{ id: string; username: string }>;
      const names = users.map((u) => u.username);
      expect(names).toEqual(
        expect.arrayContaining(['henan.admin', 'zz.supervisor', 'hospa.officer', 'hospb.officer', 'e2e.henan.sysadmin']),
      );
      expect(names).not.toContain('nhc.sysadmin');
      expect(names).not.toContain('nhc.supervisor');

      const outside = idOf('nhc.sysadmin');
      await s.http.get(`/api/v1/users/${outside}`).set(henan).expect(404);
      await s.http.patch(`/api/v1/users/${outside}`).set(henan).send({ active: false }).expect(404);
      await s.http
        .patch(`/api/v1/users/${idOf('nhc.supervisor')}`)
        .set(henan)
        .send({ roles: [] })
        .expect(404);
      expect(
        await s.db.query(`SELECT active, roles FROM users WHERE username IN ('nhc.sysadmin', 'nhc.supervisor') ORDER BY username`),
      ).toEqual([
        { active: true, roles: ['supervisor'] }, // nhc.supervisor
        { active: true, roles: ['system_admin'] }, // nhc.sysadmin
      ]);

      const renamed = await s.http
        .patch(`/api/v1/users/${idOf('hospb.head')}`)
        .set(henan)
        .send({ name: '乙院负责人（新）' })
        .expect(200);
      expect(renamed.body).toMatchObject({ username: 'hospb.head', name: '乙院负责人（新）', roles: ['unit_head'], active: true });

      const elsewhere = await s.http
        .post('/api/v1/users')
        .set(henan)
        .send({ username: 'e2e.national', name: '国家级', orgId: DEMO_ORGS.national.id, roles: ['supervisor'], password: DEMO_PASSWORD })
        .expect(400);
      expect(elsewhere.body).toMatchObject({
        issues: [{ path: 'orgId', message: 'no such organisation in your scope' }],
        message: expect.stringContaining('no such organisation in your scope'),
      });
      await s.http
        .post('/api/v1/users')
        .set(henan)
        .send({
          username: 'e2e.zz.officer',
          name: '郑州办案',
          orgId: DEMO_ORGS.hospitalA.id,
          roles: ['case_officer'],
          password: DEMO_PASSWORD,
        })
        .expect(201);

      // An administrator cannot lock itself out.
      const self = users.find((u) => u.username === 'e2e.henan.sysadmin')!;
      await s.http.patch(`/api/v1/users/${self.id}`).set(henan).send({ active: false }).expect(409);
      await s.http
        .patch(`/api/v1/users/${self.id}`)
        .set(henan)
        .send({ roles: ['supervisor'] })
        .expect(409);

      // Its organisation tree and its imports stop at the province.
      const orgs = (await s.http.get('/api/v1/organisations').set(henan).expect(200)).body as Org[];
      expect(orgs[0]!.id).toBe(DEMO_ORGS.province.id);
      expect(orgs.map((o) => o.id)).not.toContain(DEMO_ORGS.national.id);
      const imported = await importAs(
        'e2e.henan.sysadmin',
        csv(
          [
            HEADER,
            '信阳市卫生健康委员会,municipal,410000,411500,henan-2021',
            '湖北省卫生健康委员会,provincial,100000,420000,',
            '国家级,national,,100001,',
          ].join('\n'),
        ),
      ).expect(200);
      expect(imported.body).toEqual({
        imported: 1,
        errors: [
          { row: 3, field: 'parentRegionCode', message: 'no organisation with region code 100000 in your scope or earlier in this file' },
          { row: 4, field: 'level', message: expect.stringContaining('second root') },
        ],
      });
    });
  });
});
