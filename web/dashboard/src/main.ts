/**
 * The supervision dashboard (issue 8): sign-in, the summary of the caller's scope with drill-down to child
 * organisations, the overdue trend, the overdue and due-soon lists with filters and pages, and CSV/Excel exports.
 * Loaded with `defer` from index.html, so the page's elements exist when this runs. Built by scripts/build-web.ts.
 */
import {
  exportDeadlines,
  getDeadlines,
  getMe,
  getOverdueTrend,
  getSummary,
  hasToken,
  login,
  messageOf,
  onSessionExpired,
  setToken,
  statusOf,
  type ExportFile,
  type ListName,
  type ListQuery,
} from './api';
import type { Me, SupervisionSummary, TrendGranularity } from './api-types';
import { trendChart } from './charts';
import { byId, el, message } from './dom';
import { KIND_LABELS } from './labels';
import { renderList, renderSummary } from './views';

const PAGE_SIZE = 20;
const LISTS: readonly ListName[] = ['overdue', 'due-soon'];

const state: { me: Me | null; orgId: string | null; summary: SupervisionSummary | null; page: Record<ListName, number> } = {
  me: null,
  orgId: null,
  summary: null,
  page: { overdue: 1, 'due-soon': 1 },
};

const appView = byId('app-view');
const setLoading = (loading: boolean) => appView.setAttribute('data-loading', String(loading));
const select = (id: string) => byId(id, HTMLSelectElement);
const withinInput = byId('due-soon-within', HTMLInputElement);

/** Working days ahead for the due-soon list and tile: a whole number in 0..90. */
function within(): string {
  let n = Number(withinInput.value);
  if (!Number.isInteger(n) || n < 0) n = 0;
  if (n > 90) n = 90;
  return String(n);
}

function listQuery(which: ListName, withPage: boolean): ListQuery {
  return {
    orgId: state.orgId,
    kind: select(which + '-kind').value,
    sort: select(which + '-sort').value,
    ...(which === 'due-soon' ? { withinWorkingDays: within() } : {}),
    ...(withPage ? { page: state.page[which], pageSize: PAGE_SIZE } : {}),
  };
}

// ---- sign in / out ----
function signOut(text?: string): void {
  setToken(null);
  state.me = null;
  state.orgId = null;
  state.summary = null;
  byId('who').hidden = true;
  appView.hidden = true;
  byId('login-view').hidden = false;
  message(text || '');
}
onSessionExpired(() => signOut('登录已过期，请重新登录。'));

byId('login-form', HTMLFormElement).addEventListener('submit', (ev) => {
  ev.preventDefault();
  const loginError = byId('login-error');
  loginError.textContent = '';
  const password = byId('password', HTMLInputElement);
  void (async () => {
    try {
      const b = await login(byId('username', HTMLInputElement).value.trim(), password.value);
      setToken(b.accessToken);
      password.value = '';
      const me = await getMe();
      state.me = me;
      byId('who-name').textContent = me.name + '（' + me.organisation.name + '）';
      byId('who').hidden = false;
      byId('login-view').hidden = true;
      appView.hidden = false;
      state.orgId = null;
      await reload();
    } catch (e) {
      if (statusOf(e) === 403) {
        signOut();
        loginError.textContent = '该账号没有监督权限（需要监督员或诚信管理员角色）。';
        return;
      }
      loginError.textContent = messageOf(e);
      if (hasToken()) signOut();
    }
  })();
});
byId('logout').addEventListener('click', () => signOut());

// ---- loading ----
/** Everything of the current scope, lists back on their first page. A 403 goes to the caller (sign-in refuses it). */
async function reload(): Promise<void> {
  state.page['overdue'] = 1;
  state.page['due-soon'] = 1;
  setLoading(true);
  try {
    await Promise.all([loadSummary(), loadList('overdue'), loadList('due-soon'), loadTrend()]);
    message('');
  } catch (e) {
    if (statusOf(e) === 403) throw e;
    message('加载失败：' + messageOf(e));
  }
  setLoading(false);
}

async function loadSummary(): Promise<void> {
  const s = await getSummary({ orgId: state.orgId, withinWorkingDays: within() });
  state.summary = s;
  renderSummary(s, (orgId) => void drill(orgId));
}

async function loadTrend(): Promise<void> {
  const t = await getOverdueTrend({ orgId: state.orgId, granularity: select('trend-granularity').value as TrendGranularity });
  trendChart(byId('chart-trend'), t);
}

async function loadList(which: ListName): Promise<void> {
  renderList(which, await getDeadlines(which, listQuery(which, true)));
}

function drill(orgId: string | null): Promise<void> {
  state.orgId = orgId;
  return reload();
}

select('trend-granularity').addEventListener('change', () => {
  setLoading(true);
  loadTrend()
    .catch((e: unknown) => message('加载失败：' + messageOf(e)))
    .finally(() => setLoading(false));
});

byId('scope-up').addEventListener('click', () => {
  const s = state.summary;
  if (!s || !s.organisation.parentId) return;
  // Back at the caller's own organisation the scope is the default one again (no orgId).
  void drill(state.me && s.organisation.parentId === state.me.organisation.id ? null : s.organisation.parentId);
});

// ---- lists: pages, filters, sort ----
function reloadList(which: ListName): void {
  loadList(which).catch((e: unknown) => message('加载失败：' + messageOf(e)));
}

for (const pager of document.querySelectorAll<HTMLElement>('.pager')) {
  const which = pager.getAttribute('data-list') as ListName;
  for (const btn of pager.querySelectorAll('button')) {
    btn.addEventListener('click', () => {
      state.page[which] = Math.max(1, state.page[which] + Number(btn.getAttribute('data-page')));
      reloadList(which);
    });
  }
}

for (const which of LISTS) {
  const kinds = select(which + '-kind');
  kinds.appendChild(el('option', { value: '', text: '全部类型' }));
  for (const [k, label] of Object.entries(KIND_LABELS)) kinds.appendChild(el('option', { value: k, text: label }));
  for (const id of [which + '-kind', which + '-sort']) {
    select(id).addEventListener('change', () => {
      state.page[which] = 1;
      reloadList(which);
    });
  }
}

withinInput.addEventListener('change', () => {
  withinInput.value = within();
  state.page['due-soon'] = 1;
  Promise.all([loadList('due-soon'), loadSummary()]).catch((e: unknown) => message('加载失败：' + messageOf(e)));
});

// ---- exports: fetched with the token, saved through a temporary object URL ----
for (const btn of document.querySelectorAll<HTMLButtonElement>('button[data-export]')) {
  btn.addEventListener('click', () => {
    const file = btn.getAttribute('data-export') as ExportFile;
    const which = file.split('.')[0] as ListName;
    btn.disabled = true;
    exportDeadlines(file, listQuery(which, false))
      .then(({ blob, name, truncated }) => {
        const url = URL.createObjectURL(blob);
        const a = el('a', { href: url, download: name });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        message(truncated ? '导出行数超过上限，文件只含前面的部分；请按单位或类型缩小范围。' : '');
      })
      .catch((e: unknown) => message('导出失败：' + messageOf(e)))
      .finally(() => {
        btn.disabled = false;
      });
  });
}
