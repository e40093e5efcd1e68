/**
 * The supervision dashboard in a real browser (issue 8): Debian's Chromium driven by playwright-core against the API
 * listening on a free port. Sign-in, a seeded overdue case in the list, drill-down to a child organisation and back,
 * the overdue trend chart (day and month points), CSV export through the page, and a screenshot at /tmp/dashboard.png for a look.
 *
 * Chromium comes from `scripts/setup --tests` (apt package `chromium`).
 */
import { expect } from 'expect';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { eventually } from '../support/wait';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/dashboard.png';

describe('supervision dashboard in a browser', () => {
  let s: E2EStack;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let overdueCase: { id: string; number: string };
  let overdueDue: string;
  const problems: string[] = [];

  before(async () => {
    s = await startStack();
    await s.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(s.api.getHttpServer().address() as AddressInfo).port}`;
    const officer = await s.login('hospb.officer');
    // Backdated: received 2026-09-01, its acceptance deadline (15 working days) is overdue at once.
    const res = await s.http
      .post('/api/v1/cases')
      .set({ Authorization: `Bearer ${officer}` })
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS.hospitalB.id,
        receivedAt: '2026-09-01',
        title: '图片重复使用',
        allegations: ['2'],
        subjects: [{ name: '郑十一' }],
        reporter: { name: '举报人冯十二', contact: 'feng-secret@example.org', realName: true },
      })
      .expect(201);
    overdueCase = res.body;
    const supervisor = await s.login('henan.supervisor');
    await eventually(async () => {
      const list = await s.http.get('/api/v1/supervision/overdue').set({ Authorization: `Bearer ${supervisor}` });
      const item =
        list.status === 200
          ? (list.body.items as Array<{ caseId: string; dueDate: string }>).find((i) => i.caseId === overdueCase.id)
          : undefined;
      if (item) overdueDue = item.dueDate;
      return item !== undefined;
    }, 'the backdated case in the overdue projection');

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
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  async function signIn(username: string, password = DEMO_PASSWORD) {
    await page.goto(`${base}/dashboard`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#login-form button[type=submit]');
  }
  const overdueRows = () => page.locator('#overdue-table tbody tr');
  const scope = () => page.locator('#scope-path');
  const loaded = () => page.waitForSelector('#app-view[data-loading="false"]');
  const trendPoints = () => page.locator('#chart-trend svg circle.point');
  const trendValues = async () =>
    Promise.all((await trendPoints().all()).map(async (c) => [await c.getAttribute('data-label'), await c.getAttribute('data-value')]));

  it('is served publicly at /dashboard with a strict content security policy', async () => {
    const html = await s.http.get('/dashboard').expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    expect(html.text).toContain('科研诚信案件监督看板');
    const js = await s.http.get('/dashboard/app.js').expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    await s.http.get('/dashboard/app.css').expect(200);
  });

  it('refuses a wrong password and a role without supervision', async () => {
    await signIn('henan.supervisor', 'wrong-password');
    await page.locator('#login-error', { hasText: '用户名或密码错误。' }).waitFor();
    await signIn('hospb.officer');
    await page.locator('#login-error', { hasText: '没有监督权限' }).waitFor();
    expect(await page.locator('#app-view').isHidden()).toBe(true);
  });

  it('signs a supervisor in and shows the overdue case, the counts and the charts', async () => {
    await signIn('henan.supervisor');
    await page.waitForSelector('#app-view:not([hidden])');
    await loaded();
    await expect(scope().textContent()).resolves.toBe('国家卫生健康委员会 / 河南省卫生健康委员会');
    const row = overdueRows().filter({ hasText: overdueCase.number });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(overdueCase.number);
    expect(await row.locator('a.case-link').getAttribute('href')).toBe(`/app/cases/${overdueCase.id}`); // the workbench's case page
    expect(cells[1]).toBe('受理决定');
    expect(Number(cells[3])).toBeGreaterThan(10); // working days overdue
    expect(cells[5]).toContain('洛阳市中心医院');
    expect(cells[6]).toBe('乙院办案人员、乙院诚信管理员');
    expect(await page.locator('#overdue-total').textContent()).toBe('1');
    expect(await page.locator('#chart-phase svg rect').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-kind svg rect').count()).toBe(1);
    expect(await page.locator('#chart-monthly svg').count()).toBe(1);
    // overdue over time, last 30 days by default: the case has been overdue all along (due 2026-09)
    const trend = trendPoints();
    await expect(trend.count()).resolves.toBe(30);
    expect(await trend.last().getAttribute('data-label')).toBe(isoDateOf(Date.now()));
    expect(await trend.last().getAttribute('data-value')).toBe('1');
    expect(await page.locator('#chart-trend .trend-last').textContent()).toBe('1');
    expect(await page.locator('#children-table .drill').allTextContents()).toEqual(['郑州市卫生健康委员会', '洛阳市卫生健康委员会']);
    expect(await page.content()).not.toContain('feng-secret@example.org');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows the overdue trend by month: the case counts from the month it fell due', async () => {
    await page.selectOption('#trend-granularity', 'month');
    await page.locator('#chart-trend svg[data-granularity="month"]').waitFor();
    await loaded();
    const values = await trendValues();
    expect(values).toHaveLength(12);
    expect(values.at(-1)![0]).toBe(isoDateOf(Date.now()).slice(0, 7));
    expect(values).toEqual(values.map(([label]) => [label, label! >= overdueDue.slice(0, 7) ? '1' : '0']));
    await page.selectOption('#trend-granularity', 'day');
    await page.locator('#chart-trend svg[data-granularity="day"]').waitFor();
    await loaded();
  });

  it('drills down to a child organisation and back up', async () => {
    await page.click('#children-table .drill >> text=郑州市卫生健康委员会');
    await scope()
      .filter({ hasText: /郑州市卫生健康委员会$/ })
      .waitFor();
    await loaded();
    expect(await overdueRows().allTextContents()).toEqual(['没有超期期限']);
    expect((await trendValues()).every(([, v]) => v === '0')).toBe(true); // the trend follows the drill-down
    await page.click('#scope-up');
    await scope()
      .filter({ hasText: /河南省卫生健康委员会$/ })
      .waitFor();
    await loaded();
    expect(await page.locator('#scope-up').isHidden()).toBe(true); // the top of the caller's scope
    await page.click('#children-table .drill >> text=洛阳市卫生健康委员会');
    await scope()
      .filter({ hasText: /洛阳市卫生健康委员会$/ })
      .waitFor();
    await loaded();
    await overdueRows().filter({ hasText: overdueCase.number }).waitFor();
    expect(await page.locator('#children-table .drill').allTextContents()).toEqual(['洛阳市中心医院']);
    expect((await trendValues()).at(-1)![1]).toBe('1');
    const tiles = await page.locator('#tiles .tile .v').allTextContents();
    expect(tiles).toEqual(['1', '1', '1', '0']);
  });

  it('exports the overdue list as CSV through the page', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="overdue.csv"]')]);
    expect(download.suggestedFilename()).toBe(`超期期限-${isoDateOf(Date.now())}.csv`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^案件\/线索编号,期限类型,/);
    expect(text).toContain(overdueCase.number);
    expect(text).not.toContain('feng-secret@example.org');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="overdue.xlsx"]')]);
    expect(xlsx.suggestedFilename()).toBe(`超期期限-${isoDateOf(Date.now())}.xlsx`);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK'); // a zip
  });

  it('shows an overdue lead triage deadline (issue 22) beside the cases', async () => {
    const admin = await s.login('hospa.admin');
    const lead = await s.http
      .post('/api/v1/leads')
      .set({ Authorization: `Bearer ${admin}` })
      .send({ title: '舆情线索：论文涉嫌代写', category: 'media', receivedOn: '2026-09-01' })
      .expect(201);
    const supervisor = await s.login('henan.supervisor');
    await eventually(async () => {
      const list = await s.http.get('/api/v1/supervision/overdue?kind=lead_triage').set({ Authorization: `Bearer ${supervisor}` });
      return list.status === 200 && list.body.total === 1;
    }, 'the overdue lead in the supervision list');
    await signIn('henan.supervisor');
    await page.waitForSelector('#app-view:not([hidden])');
    await loaded();
    const row = overdueRows().filter({ hasText: lead.body.number });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(`线索 ${lead.body.number}`);
    expect(cells[1]).toBe('线索研判');
    expect(Number(cells[3])).toBeGreaterThan(10);
    expect(cells[4]).toBe('线索待研判');
    expect(cells[5]).toContain('郑州市第一人民医院');
    expect(cells[6]).toBe('甲院诚信管理员');
    await page.screenshot({ path: '/tmp/dashboard-lead.png', fullPage: true });
  });

  it('ran without script errors', () => {
    expect(problems).toEqual([]);
  });
});
