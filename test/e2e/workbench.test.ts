/**
 * The officers' workbench (issue 24) in a real browser: Debian's Chromium driven by playwright-core against the API on a
 * free port, serving the Vite build at /app. Through the pages alone: an officer of hospital A registers a henan-2021
 * case (a refused date first: the API's message beside the field, nothing written), accepts it (one checker first: the
 * rule of 001 art.14 beside the field), builds the team, and the head, the investigator and the officer walk it to a
 * delivered decision; evidence uploaded and downloaded through the page; the reporter revealed (audited); a user of
 * hospital B opening the case's address sees "not found"; the English switch; free-text search (subject, DOI) and the
 * staff picker fed by the organisation's members. A problem paper (set up through the API up to the province's review):
 * the province's reviewer returns it from its page with an opinion and an official letter uploaded in the form, then
 * approves the resubmitted result; 办理进度 drills down from the province to the city. Screenshots in
 * /tmp/workbench-*.png.
 *
 * Chromium comes from `scripts/setup --tests` (apt package `chromium`); the build from scripts/build-web.ts.
 */
import { expect } from 'expect';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD, demoUserIdOf } from '@libs/persistence/src/seed';
import { expectAction, postAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { createIntegrityAdmins } from '../support/users';
import { clarificationForm, REQUIRED_KINDS, uploadRequiredEvidence } from '../support/decision';
import { eventually } from '../support/wait';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.WORKBENCH_SCREENSHOTS ?? '/tmp';

describe('officers’ workbench in a browser', () => {
  let s: E2EStack;
  let base: string;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let caseNumber: string;
  const problems: string[] = [];

  before(async () => {
    s = await startStack();
    await s.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(s.api.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      // the API's refusals the test provokes (400, 401, 404) show in the console as failed requests
      if (m.type() === 'error' && !/status of 40[0134]/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  async function signIn(username: string, then = '/app/') {
    await page.goto(`${base}/app/`);
    await page.locator('#sign-out, #username').first().waitFor();
    if (await page.locator('#sign-out').isVisible()) await page.click('#sign-out');
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#whoami');
    if (then !== '/app/') await page.goto(`${base}${then}`);
  }

  /**
   * Picks an option of an Ant Design select by its visible text. The option is clicked once the dropdown has finished
   * opening (rc-motion's `-enter`/`-appear` classes gone: a click during the opening motion could miss the option, and
   * the select then stayed as it was), and the pick is checked where the officer sees it: the option marked selected
   * (a multiple select) or the dropdown closed (a single one).
   */
  async function choose(selector: string, text: string | RegExp, multiple = false) {
    await page.click(selector);
    const open = page.locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-enter"]):not([class*="-appear"]):not([class*="-leave"])',
    );
    await open.waitFor();
    const option = open.locator('.ant-select-item-option', { hasText: text }).first();
    await option.click();
    if (multiple) {
      await open.locator('.ant-select-item-option-selected', { hasText: text }).first().waitFor();
      await page.keyboard.press('Escape'); // a multiple select stays open
    }
    await dropdownsClosed();
  }

  /** Waits until no select dropdown is open (its closing animation would take the next click). */
  async function dropdownsClosed() {
    await eventually(async () => (await page.locator('.ant-select-dropdown:visible').count()) === 0, 'select dropdowns closed');
  }

  /** Types tags into a free-text multiple select (e.g. names). */
  async function tags(selector: string, values: string[]) {
    for (const v of values) {
      await page.click(selector);
      await page.locator(selector).pressSequentially(v);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Escape'); // closes the open dropdown (not the dialog)
    await dropdownsClosed();
  }

  const casePage = () => page.locator('#case-page');
  const version = async () => Number(await casePage().getAttribute('data-version'));

  /**
   * Submits the open action form and waits for the API's answer to that submission (not for something in the page that
   * an earlier submission may have left there). Refused: a screenshot and the API's error body. Taken: waits until the
   * form has closed and the page shows the record the action produced (its version or a later one) and offers actions
   * again (it fetches the record anew after an action).
   */
  async function submitAction(resource: 'cases' | 'papers', action: string): Promise<Record<string, unknown>> {
    const [res] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().method() === 'POST' &&
          new URL(r.url()).pathname.endsWith(`/actions/${action}`) &&
          new URL(r.url()).pathname.includes(`/api/v1/${resource}/`),
      ),
      page.click('#action-submit'),
    ]);
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok()) {
      await page.screenshot({ path: `${SHOTS}/workbench-failed-${action}.png`, fullPage: true });
      throw new Error(`${action} refused with ${res.status()}: ${JSON.stringify(body)}`);
    }
    await page.waitForSelector(`.action-${action}`, { state: 'detached' });
    const pageId = resource === 'cases' ? '#case-page' : '#paper-page';
    await page.waitForSelector(`${pageId}:not([data-reloading])`);
    expect(Number(await page.locator(pageId).getAttribute('data-version'))).toBeGreaterThanOrEqual(body.version as number);
    return body;
  }

  /** Opens the action's form from its button, lets `fill` complete it, submits, and waits for the page after it. */
  async function act(action: string, fill: () => Promise<void> = async () => {}) {
    await page.waitForSelector('#case-page:not([data-reloading])'); // the case, its actions and timeline have arrived
    const button = page.locator(`#case-actions [data-action="${action}"]`);
    if ((await button.count()) === 0) {
      const offered = await page.locator('#case-actions [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      const events = await page.locator('#case-timeline [data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
      throw new Error(
        `${action} is not offered to ${await page.locator('#whoami').textContent()}; the page offers ${JSON.stringify(offered)} (phase ${await casePage().getAttribute('data-phase')}, events ${JSON.stringify(events)})`,
      );
    }
    await button.click();
    await page.waitForSelector(`.action-${action} form`, { state: 'attached' }); // an action without fields has an empty form
    await fill();
    return submitAction('cases', action);
  }

  const errorOf = (field: string) => page.locator(`.ant-form-item:has(#${field}) .ant-form-item-explain-error`);

  /** Hospital A's officer, head and investigator take a problem paper's case to a decision through the API (set-up). */
  async function decideThroughApi(c: string) {
    const tok: Record<string, string> = {};
    for (const u of ['hospa.officer', 'hospa.head', 'hospa.investigator']) tok[u] = await s.login(u);
    const caseAct = (u: string, action: string, body: unknown = {}) =>
      expectAction(s.http, { Authorization: `Bearer ${tok[u]}` }, 'cases', c, action, body, 200);
    await caseAct('hospa.officer', 'accept', { checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')] });
    for (const name of ['甲', '乙', '丙'])
      await caseAct('hospa.officer', 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await caseAct('hospa.head', 'approve_plan');
    await caseAct('hospa.investigator', 'record_interview', { investigators: ['甲', '乙'] });
    await caseAct('hospa.investigator', 'submit_report', { signedBy: ['甲', '乙', '丙'] });
    await caseAct('hospa.officer', 'send_proposed_decision');
    await caseAct('hospa.officer', 'waive_defence');
    await uploadRequiredEvidence(s.http, tok['hospa.officer']!, c);
    await caseAct('hospa.head', 'decide', { form: clarificationForm(), effectiveDate: isoDateOf(Date.now()) });
  }

  it('is served at /app with a script policy of its own origin; every path under /app is the page', async () => {
    for (const path of ['/app', '/app/', '/app/cases/SC-2026-000001']) {
      const res = await s.http.get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("script-src 'self';");
      expect(res.text).toContain('<div id="root"></div>');
    }
    // The build is split (the entry, the vendor chunk, shared chunks, one per page): every script the page names is a
    // file of its own origin, none inline; the pages' chunks come later (the browser tests below load them under the policy).
    const index = (await s.http.get('/app')).text;
    expect(index).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const scripts = [...index.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(1);
    for (const script of scripts) {
      const js = await s.http.get(script).expect(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['cache-control']).toContain('immutable');
    }
    await s.http.get('/app/assets/missing.js').expect(404);
  });

  it('signs in, in Chinese by default, and switches to English and back', async () => {
    await page.goto(`${base}/app/`);
    await page.fill('#username', 'hospa.officer');
    await page.fill('#password', 'wrong-password');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error', { hasText: '用户名或密码错误。' }).waitFor();
    await signIn('hospa.officer');
    expect(await page.locator('#app-title').textContent()).toBe('科研诚信案件办理工作台');
    expect(await page.locator('#whoami').textContent()).toContain('郑州市第一人民医院');
    await page.click('#lang-switch');
    await page.locator('#app-title', { hasText: 'Research-integrity case workbench' }).waitFor();
    await page.locator('#nav-register', { hasText: 'Register a case' }).waitFor();
    await page.click('#lang-switch');
    await page.locator('#app-title', { hasText: '科研诚信案件办理工作台' }).waitFor();
  });

  it('registers a henan case through the form; a refused date shows the API’s message beside the field and writes nothing', async () => {
    const token = await s.login('hospa.officer');
    const count = async () =>
      (
        await s.http
          .get('/api/v1/cases')
          .set({ Authorization: `Bearer ${token}` })
          .expect(200)
      ).body.total as number;
    const before = await count();
    await page.click('#nav-register');
    await page.waitForSelector('#register-form');
    await page.fill('#title', '论文图片重复使用举报');
    await choose('#allegations', /^2 /, true);
    await page.fill('#subjects_0_name', '王五');
    await page.fill('#subjects_0_organisation', '郑州市第一人民医院');
    await page.fill('#reporter_name', '举报人赵六');
    await page.fill('#reporter_contact', 'zhaoliu-secret@example.org');
    await page.click('#reporter_realName');
    await page.fill('#paper_title', 'A study of images');
    await page.fill('#paper_doi', '10.1000/img.2026');
    // a receipt date in the future: the form lets it through, the API refuses it
    await page.click('#receivedAt');
    await page.fill('#receivedAt', '2099-01-04');
    await page.keyboard.press('Enter');
    await page.click('#register-submit');
    await errorOf('receivedAt').first().waitFor();
    expect(await errorOf('receivedAt').first().textContent()).toMatch(/future|将来|未来/);
    await page.locator('#register-form .form-refusal').waitFor();
    expect(await count()).toBe(before);
    await page.screenshot({ path: `${SHOTS}/workbench-register.png`, fullPage: true });

    await page.click('#receivedAt');
    await page.fill('#receivedAt', '');
    await page.keyboard.press('Escape');
    await page.click('#receivedAt');
    await page
      .locator(
        '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-now-btn, .ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-today-btn',
      )
      .first()
      .click();
    await page.click('#register-submit');
    await page.waitForSelector('#case-page');
    caseNumber = (await page.locator('#case-number').textContent())!;
    const c = await s.http
      .get(`/api/v1/cases/${caseNumber}`)
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    caseId = c.body.id;
    expect(c.body).toMatchObject({
      profile: 'henan-2021',
      phase: 'intake',
      title: '论文图片重复使用举报',
      subjects: [{ name: '王五', organisation: '郑州市第一人民医院' }],
      paper: { doi: '10.1000/img.2026' },
    });
    expect(await count()).toBe(before + 1);
    expect(await page.locator('#case-phase').textContent()).toBe('待受理');
    expect(await page.content()).not.toContain('zhaoliu-secret@example.org');
  });

  it('lists the case in my work with its next deadline, working days; searches by subject and DOI, and by number', async () => {
    await page.click('#nav-work');
    const row = page.locator('#cases-table tbody tr', { hasText: caseNumber });
    await row.waitFor();
    await row.locator('.days-left').waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('待受理');
    expect(await row.locator('.days-left').textContent()).toMatch(/^剩 \d+ 个工作日$/);
    await page.screenshot({ path: `${SHOTS}/workbench-my-work.png`, fullPage: true });
    // free text goes to GET /cases?q= (subject names, DOI): the case is listed, a word no case holds lists none
    for (const text of ['王五', '10.1000/IMG']) {
      await page.fill('#work-search', text);
      await page.keyboard.press('Enter');
      await eventually(
        async () => (await page.locator('#cases-table tbody tr.ant-table-row').allTextContents()).join('|').includes(caseNumber),
        `search ${text}`,
      );
    }
    await page.fill('#work-search', '无此被反映人');
    await page.keyboard.press('Enter');
    await page.locator('#cases-table .ant-table-placeholder').waitFor();
    await page.fill('#work-search', caseNumber);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#case-page`);
    expect(await page.locator('#case-number').textContent()).toBe(caseNumber);
  });

  it('accepts the case: one checker is refused beside the field (001 art.14), two colleagues picked by name are taken', async () => {
    // the case officer picks the hospital's accounts from GET /organisations/{id}/members (names and roles, no usernames)
    await signIn('hospa.officer', `/app/cases/${caseId}`);
    await page.waitForSelector('#case-page');
    const before = await version();
    await page.click('#case-actions [data-action="accept"]');
    await page.waitForSelector('.action-accept form');
    await choose('#checkedBy', '甲院诚信管理员（诚信管理员）', true);
    await page.click('#action-submit');
    await errorOf('checkedBy').filter({ hasText: '001 art.14' }).waitFor();
    expect(await version()).toBe(before);
    await choose('#checkedBy', '甲院调查人员（调查人员）', true);
    const accepted = await submitAction('cases', 'accept');
    expect(accepted).toMatchObject({ phase: 'investigation' });
    expect(await page.locator('#case-phase').textContent()).toBe('调查中');
    expect(await version()).toBeGreaterThan(before);
    expect(await page.locator('#case-timeline [data-event="accepted"]').count()).toBe(1);
  });

  it('builds the team, and the head, the investigator and the officer walk the case to a delivered decision', async () => {
    // A reachable real-name reporter: the acceptance notice (001 art.14) goes out by mail after the accept has answered,
    // and the mail's record is a new version of the case (notify_reporter is no longer due). The page is opened once
    // that has happened: an action sent with the version before it would be refused as stale (412).
    const officer = await s.login('hospa.officer');
    await eventually(async () => {
      const tl = await s.http
        .get(`/api/v1/cases/${caseId}/timeline`)
        .set({ Authorization: `Bearer ${officer}` })
        .expect(200);
      return (tl.body as Array<{ type: string }>).some((e) => e.type === 'reporter_notified');
    }, 'the acceptance notice mailed to the reporter');
    await signIn('hospa.officer', `/app/cases/${caseId}`);
    await page.waitForSelector('#case-page');
    expect(await page.locator('#case-timeline [data-event="reporter_notified"]').count()).toBe(1);
    expect(await page.locator('#case-actions [data-action="notify_reporter"]').count()).toBe(0);
    for (const name of ['甲', '乙', '丁']) {
      await act('add_member', async () => {
        await page.fill('#name', name);
        await page.check('#declarationSigned');
        await choose('#kind', '调查组');
      });
    }
    await signIn('hospa.head', `/app/cases/${caseId}`);
    await act('approve_plan');
    await signIn('hospa.investigator', `/app/cases/${caseId}`);
    await act('record_interview', async () => {
      await tags('#investigators', ['甲', '乙']);
      await page.fill('#subject', '王五');
    });
    await act('submit_report', async () => {
      await tags('#signedBy', ['甲', '乙', '丁']);
      await page.fill('#summary', '图片重复使用属实');
    });
    expect(await page.locator('#case-phase').textContent()).toBe('处理中');

    await signIn('hospa.officer', `/app/cases/${caseId}`);
    await act('send_proposed_decision');
    await act('record_defence', async () => {
      await page.fill('#summary', '当事人书面陈述');
    });
    // evidence through the page: the required kinds, then one downloaded again
    for (const kind of REQUIRED_KINDS) {
      await choose('#file-kind', kindLabel(kind));
      await page.setInputFiles('#case-files input[type=file]', {
        name: `${kind}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from(`%PDF-1.4 ${kind}`),
      });
      await page.locator('#case-files tbody tr', { hasText: `${kind}.pdf` }).waitFor();
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#case-files tbody tr', { hasText: 'raw_data.pdf' }).locator('.file-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('raw_data.pdf');

    await signIn('hospa.head', `/app/cases/${caseId}`);
    await act('decide', async () => {
      // the decision form editor: the rules checked as one types, by the domain's validator (same messages, articles)
      await choose('#form_result', '不存在失信行为');
      await page.click('#add-author');
      await page.fill('#form_authors_0_name', '王五');
      await page.fill('#form_authors_0_organisation', '郑州市第一人民医院');
      await page.fill('#form_authors_0_idNumber', '110105194912310021'); // a wrong check digit (GB 11643)
      await page.locator('#decision-issues [data-path="authors[0].idNumber"]', { hasText: 'GB 11643' }).waitFor();
      await errorOf('form_authors_0_idNumber').filter({ hasText: 'GB 11643' }).waitFor(); // beside the field too
      await page.fill('#form_authors_0_idNumber', '11010519491231002X');
      await page.locator('#decision-issues').waitFor({ state: 'detached' });
      expect(await page.locator('#decision-attachments .ant-tag-red').count()).toBe(0); // every required attachment uploaded
      await page.fill('#summary', '经调查不存在失信行为');
    });
    await signIn('hospa.officer', `/app/cases/${caseId}`);
    await act('deliver_decision');
    expect(await page.locator('#case-phase').textContent()).toBe('复查申诉期');
    await eventually(async () => {
      await page.reload();
      await page.waitForSelector('#case-timeline');
      return (await page.locator('#case-timeline [data-event="decision_delivered"]').count()) === 1;
    }, 'the delivery in the timeline');
    await page.screenshot({ path: `${SHOTS}/workbench-case.png`, fullPage: true });
  });

  it('reveals the reporter to a handler only after an explicit confirmation, and audits it', async () => {
    await page.click('#reveal-reporter');
    await page.click('#reveal-confirm');
    await page.locator('#reporter-identity', { hasText: 'zhaoliu-secret@example.org' }).waitFor();
    const admin = await s.login('hospa.admin');
    await eventually(async () => {
      const audit = await s.http.get(`/api/v1/audit?caseId=${caseId}`).set({ Authorization: `Bearer ${admin}` });
      return audit.status === 200 && JSON.stringify(audit.body).includes('READ reporter identity');
    }, 'the reveal in the audit log');
  });

  it('shows "not found" to a user of another hospital opening the case’s address', async () => {
    await signIn('hospb.officer', `/app/cases/${caseId}`);
    await page.locator('#case-not-found', { hasText: '未找到该案件' }).waitFor();
    expect(await page.content()).not.toContain('图片重复使用');
    await page.goto(`${base}/app/cases/${caseNumber}`);
    await page.locator('#case-not-found').waitFor();
  });

  it('opens the case read-only for a supervisor of the province (the dashboard links here)', async () => {
    await signIn('henan.supervisor', `/app/cases/${caseId}`);
    await page.waitForSelector('#case-page');
    expect(await page.locator('#case-number').textContent()).toBe(caseNumber);
    expect(await page.locator('#case-actions .action-button').count()).toBe(0);
    expect(await page.locator('#reveal-reporter').count()).toBe(0);
    expect(await page.content()).not.toContain('zhaoliu-secret@example.org');
  });

  it('a reviewer returns a paper with opinion and letter from its page, then approves it; 办理进度 per child organisation', async () => {
    // Set-up through the API (papers.test.ts walks it in full): national imports, dispatch down by region to hospital A,
    // the hospital decides the paper's case and submits; the city approves. The province's work is done in the pages.
    const tok: Record<string, string> = {};
    const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
    tok['nhc.sysadmin'] = await s.login('nhc.sysadmin');
    await createIntegrityAdmins(s, tok['nhc.sysadmin']!, [
      ['nhc.admin', 'national'],
      ['zz.admin', 'cityA'],
    ]);
    for (const u of ['nhc.admin', 'henan.admin', 'zz.admin', 'hospa.admin']) tok[u] = await s.login(u);
    const batch = 'WB-2026-12';
    const csv = [
      '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源',
      `${batch},1,Western blot bands reused,张三,郑州市第一人民医院,410102,Biosci Rep,10.1042/WB1,2026-03-02,PubMed`,
    ].join('\n');
    const imported = await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', Buffer.from(csv), { filename: 'batch.csv', contentType: 'text/csv' })
      .expect(200);
    const paperId = imported.body.papers[0].id as string;
    for (const u of ['nhc.admin', 'henan.admin', 'zz.admin'])
      await s.http.post('/api/v1/papers/dispatch').set(as(u)).send({ batch, mode: 'region' }).expect(200);
    const paper = async () => (await s.http.get(`/api/v1/papers/${paperId}`).set(as('henan.admin')).expect(200)).body;
    const atHospital = (await s.http.get(`/api/v1/papers/${paperId}`).set(as('hospa.admin')).expect(200)).body;
    expect(atHospital).toMatchObject({ status: 'at_institution', caseId: expect.any(String) });
    const c = atHospital.caseId as string;
    await decideThroughApi(c);
    const paperAct = (u: string, action: string, body: unknown = {}) => expectAction(s.http, as(u), 'papers', paperId, action, body, 200);
    await eventually(
      async () => (await postAction(s.http, as('hospa.admin'), 'papers', paperId, 'submit_result', {})).status === 200,
      'the result submitted once the case is decided',
    );
    await paperAct('zz.admin', 'approve', { opinion: '同意' });

    // The province's reviewer: the paper page shows the tree and the chain; returning without a letter is refused beside the field.
    await signIn('henan.admin', `/app/papers/${paperId}`);
    await page.waitForSelector('#paper-page[data-status="pending_review"]');
    expect(await page.locator('#paper-holder').textContent()).toBe('郑州市第一人民医院');
    expect(
      await page.locator('#paper-chain [data-position]').evaluateAll((els) => els.map((e) => e.getAttribute('data-position'))),
    ).toEqual(['approved', 'reviewing', 'waiting']);
    const v0 = Number(await page.locator('#paper-page').getAttribute('data-version'));
    await page.click('#paper-actions [data-action="return_result"]');
    await page.waitForSelector('.action-return_result form');
    await page.fill('#opinion', '实验原始图片缺失，请补充后重新提交');
    await page.click('#action-submit');
    await errorOf('letterFileId').first().waitFor();
    expect((await paper()).version).toBe(v0);
    // the official letter is uploaded in the form itself and chosen
    await page.setInputFiles('.action-return_result input[type=file]', {
      name: '河南省卫健委函.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 official letter'),
    });
    await page.locator('.action-return_result .ant-form-item', { hasText: '河南省卫健委函.pdf' }).first().waitFor();
    await page.click('#action-submit');
    await page.waitForSelector('#paper-page[data-status="returned"]');
    await page.locator('#paper-files tbody tr', { hasText: '河南省卫健委函.pdf' }).waitFor();
    const returned = await paper();
    expect(returned.returns).toEqual([
      expect.objectContaining({
        opinion: '实验原始图片缺失，请补充后重新提交',
        letterFileId: expect.any(String),
        byOrgId: DEMO_ORGS.province.id,
      }),
    ]);
    await page.screenshot({ path: `${SHOTS}/workbench-paper.png`, fullPage: true });

    // The hospital resubmits and the city approves again (API); the province approves in the page.
    await paperAct('hospa.admin', 'submit_result', { note: '已补充原始图片' });
    await paperAct('zz.admin', 'approve');
    await page.reload();
    await page.waitForSelector('#paper-page[data-status="pending_review"]');
    await page.click('#paper-actions [data-action="approve"]');
    await page.waitForSelector('.action-approve form');
    await page.fill('#opinion', '同意上报');
    await page.click('#action-submit');
    await eventually(
      async () => (await paper()).chain.map((l: { position: string }) => l.position).join() === 'approved,approved,reviewing',
      'the province approved',
    );
    await eventually(
      async () =>
        (
          await page.locator('#paper-chain [data-position]').evaluateAll((els) => els.map((e) => e.getAttribute('data-position')))
        ).join() === 'approved,approved,reviewing',
      'the page shows the province approved',
    );

    // 办理进度: the province's papers per child organisation, drilling down to the city.
    await page.click('#nav-work');
    await page.click('#tab-progress');
    const city = page.locator('#progress-children tbody tr', { hasText: '郑州市卫生健康委员会' });
    await city.waitFor();
    await city.locator('.progress-child').click();
    await page.locator('#progress-children tbody tr', { hasText: '郑州市第一人民医院' }).waitFor();
  });

  it('dispatches a paper down the tree, withdraws a pre-review draft and consents to it in pre-review, from the paper page', async () => {
    // Set-up through the API: national and the province dispatch a new batch by region, so the city holds the paper.
    const tok: Record<string, string> = {};
    const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
    for (const u of ['nhc.admin', 'henan.admin', 'zz.admin', 'hospa.admin']) tok[u] = await s.login(u);
    const batch = 'WB-2026-13';
    const csv = [
      '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源',
      `${batch},1,Duplicated flow cytometry panels,李四,郑州市第一人民医院,410102,Biosci Rep,10.1042/WB2,2026-04-01,PubMed`,
    ].join('\n');
    const imported = await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', Buffer.from(csv), { filename: 'batch.csv', contentType: 'text/csv' })
      .expect(200);
    const paperId = imported.body.papers[0].id as string;
    for (const u of ['nhc.admin', 'henan.admin'])
      await s.http.post('/api/v1/papers/dispatch').set(as(u)).send({ batch, mode: 'region' }).expect(200);
    const paper = async (u = 'henan.admin') => (await s.http.get(`/api/v1/papers/${paperId}`).set(as(u)).expect(200)).body;
    expect(await paper('zz.admin')).toMatchObject({ status: 'pending_dispatch', holder: { orgId: DEMO_ORGS.cityA.id } });
    const paperPage = page.locator('#paper-page');
    const offered = () => page.locator('#paper-actions [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    const events = () => page.locator('#paper-page [data-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    const positions = () =>
      page.locator('#paper-chain [data-position]').evaluateAll((els) => els.map((e) => e.getAttribute('data-position')));
    async function paperAct(action: string, fill: () => Promise<void> = async () => {}) {
      await page.waitForSelector('#paper-page:not([data-reloading])');
      await page.click(`#paper-actions [data-action="${action}"]`);
      await page.waitForSelector(`.action-${action} form`, { state: 'attached' }); // an action without fields has an empty form
      await fill();
      return submitAction('papers', action);
    }

    // Dispatch (转办, 002): the city picks the hospital by name among the organisations below it.
    await signIn('zz.admin', `/app/papers/${paperId}`);
    await page.waitForSelector('#paper-page[data-status="pending_dispatch"]');
    expect(await offered()).toContain('dispatch');
    const dispatched = await paperAct('dispatch', async () => {
      await choose('#targetOrgId', '郑州市第一人民医院');
    });
    expect(dispatched).toMatchObject({ status: 'at_institution', holder: expect.objectContaining({ orgId: DEMO_ORGS.hospitalA.id }) });
    expect(await paperPage.getAttribute('data-status')).toBe('at_institution');
    expect(await page.locator('#paper-holder').textContent()).toBe('郑州市第一人民医院');
    expect(await events()).toContain('dispatched');
    expect(await offered()).toEqual([]); // the hospital handles it now; the city has nothing to do
    expect(await paper()).toMatchObject({
      status: 'at_institution',
      holder: expect.objectContaining({ orgId: DEMO_ORGS.hospitalA.id }),
      version: dispatched.version,
    });

    // The hospital decides the paper's case (API, as the other paper test); the province asks for a pre-review (004 二(二)).
    const atHospital = await eventually(async () => {
      const p = await paper('hospa.admin');
      return p.caseId ? p : undefined;
    }, 'the case opened for the paper');
    const c = atHospital.caseId as string;
    await decideThroughApi(c);
    await s.http
      .put(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`)
      .set(as('henan.admin'))
      .send({ preReview: true })
      .expect(200);
    try {
      await eventually(
        async () => (await postAction(s.http, as('hospa.admin'), 'papers', paperId, 'submit_result', { kind: 'draft' })).status === 200,
        'the draft submitted once the case is decided',
      );
      expect(await paper('hospa.admin')).toMatchObject({ status: 'pre_review' });

      // Withdraw (撤回, 002): the hospital takes its draft back before the province starts.
      await signIn('hospa.admin', `/app/papers/${paperId}`);
      await page.waitForSelector('#paper-page[data-status="pre_review"]');
      expect(await positions()).toEqual(['skipped', 'pre_reviewing', 'waiting']);
      const withdrawn = await paperAct('withdraw');
      expect(withdrawn).toMatchObject({ status: 'at_institution' });
      expect(await paperPage.getAttribute('data-status')).toBe('at_institution');
      expect(await events()).toContain('withdrawn');
      expect(await offered()).toContain('submit_result'); // it may submit again
      expect(await offered()).not.toContain('withdraw');
      expect(await paper('hospa.admin')).toMatchObject({ status: 'at_institution', version: withdrawn.version });

      // Pre-review (预审同意, 004 二(二)): the draft again, and the province consents from the page.
      await expectAction(s.http, as('hospa.admin'), 'papers', paperId, 'submit_result', { kind: 'draft' }, 200);
      await signIn('henan.admin', `/app/papers/${paperId}`);
      await page.waitForSelector('#paper-page[data-status="pre_review"]');
      expect(await offered()).toEqual(expect.arrayContaining(['consent', 'return_result']));
      const consented = await paperAct('consent', async () => {
        await page.fill('#opinion', '同意，请提交正式加印材料');
      });
      expect(consented).toMatchObject({ status: 'consented', preReviewConsented: true });
      expect(await paperPage.getAttribute('data-status')).toBe('consented');
      expect(await positions()).toEqual(['skipped', 'consented', 'waiting']);
      expect(await events()).toContain('pre_review_consented');
      expect(await offered()).toEqual([]); // the formal stamped version is the hospital's to submit
      const after = await paper();
      expect(after).toMatchObject({ status: 'consented', version: consented.version });
      expect(after.chain.map((l: { position: string }) => l.position)).toEqual(['skipped', 'consented', 'waiting']);
      expect((await paper('hospa.admin')).allowedActions).toEqual(['submit_result']);
      await page.screenshot({ path: `${SHOTS}/workbench-paper-pre-review.png`, fullPage: true });
    } finally {
      await s.http
        .put(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`)
        .set(as('henan.admin'))
        .send({ preReview: false })
        .expect(200);
    }
  });

  it('ran without script errors', () => {
    expect(problems).toEqual([]);
  });
});

const KIND_LABELS: Record<string, string> = {
  institution_report: '机构调查报告',
  author_statement: '作者陈述',
  interview_records: '约谈记录',
  raw_data: '原始数据',
  submission_records: '投稿记录',
};
function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
