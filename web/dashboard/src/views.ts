/** The page's parts drawn from the API's answers: the scope, tiles, charts and children of a summary; a deadline list. */
import type { ListName } from './api';
import type { SupervisedDeadlinePage, SupervisionSummary } from './api-types';
import { barChart, monthlyChart } from './charts';
import { byId, el, query } from './dom';
import { kindName, phaseName } from './labels';

export function renderSummary(s: SupervisionSummary, drill: (orgId: string) => void): void {
  byId('scope-path').textContent = s.organisation.path.join(' / ');
  byId('scope-up').hidden = !s.organisation.parentId;
  byId('as-of').textContent = '统计日期 ' + s.asOf + '（北京时间）';
  const t = s.totals;
  const tiles = byId('tiles');
  tiles.textContent = '';
  const tileRows: Array<[label: string, value: number, className: string]> = [
    ['案件总数', t.cases, ''],
    ['办理中案件', t.openCases, ''],
    ['超期期限', t.overdueDeadlines, 'overdue'],
    ['临期期限（' + s.withinWorkingDays + '个工作日内）', t.dueSoonDeadlines, 'soon'],
  ];
  for (const [label, value, className] of tileRows) {
    tiles.appendChild(
      el('div', { className: 'tile ' + className }, [
        el('div', { className: 'v', text: String(value) }),
        el('div', { className: 'k', text: label }),
      ]),
    );
  }

  barChart(
    byId('chart-phase'),
    s.byPhase.map((r) => ({ label: phaseName(r.phase), value: r.count })),
    '#1d5fbf',
  );
  barChart(
    byId('chart-kind'),
    s.overdueByKind.map((r) => ({ label: r.label || kindName(r.kind), value: r.count })),
    '#c62828',
    '没有超期期限',
  );
  monthlyChart(byId('chart-monthly'), s.monthly);

  const table = byId('children-table', HTMLTableElement);
  const body = query(table, 'tbody', HTMLTableSectionElement);
  body.textContent = '';
  for (const c of s.children) {
    const b = el('button', { type: 'button', className: 'drill', 'data-org-id': c.id, text: c.name });
    b.addEventListener('click', () => drill(c.id));
    body.appendChild(
      el('tr', null, [
        el('td', null, [b]),
        el('td', { className: 'num', text: String(c.cases) }),
        el('td', { className: 'num', text: String(c.openCases) }),
        el('td', { className: 'num', text: String(c.overdueDeadlines) }),
        el('td', { className: 'num', text: String(c.dueSoonDeadlines) }),
      ]),
    );
  }
  table.hidden = s.children.length === 0;
  byId('children-empty').hidden = s.children.length !== 0;
}

export function renderList(which: ListName, b: SupervisedDeadlinePage): void {
  byId(which + '-total').textContent = String(b.total);
  const body = query(byId(which + '-table', HTMLTableElement), 'tbody', HTMLTableSectionElement);
  body.textContent = '';
  const overdue = which === 'overdue';
  if (b.items.length === 0)
    body.appendChild(el('tr', null, [el('td', { colspan: '8', className: 'empty', text: overdue ? '没有超期期限' : '没有临期期限' })]));
  for (const d of b.items) {
    const days = overdue ? d.overdueWorkingDays : d.remainingWorkingDays;
    const path = d.handlingOrgPath;
    const lead = d.subject === 'lead'; // a lead's triage deadline (issue 22): its number, no case phase yet
    body.appendChild(
      el('tr', lead ? { 'data-lead-id': d.leadId } : { 'data-case-id': d.caseId ?? undefined }, [
        // A case number opens the case in the officers' workbench (/app, read-only for supervisors: the API offers them no action).
        lead || !d.caseId
          ? el('td', { text: lead ? '线索 ' + (d.leadNumber ?? '') : (d.caseNumber ?? '') })
          : el('td', null, [
              el('a', { href: '/app/cases/' + encodeURIComponent(d.caseId), className: 'case-link', text: d.caseNumber ?? '' }),
            ]),
        el('td', { text: d.kindLabel }),
        el('td', { text: d.dueDate + (d.provisional ? '（暂定）' : '') }),
        el('td', { className: 'num days ' + (overdue ? 'overdue' : 'soon'), text: String(days) }),
        el('td', { text: lead ? '线索待研判' : phaseName(d.phase) }),
        el('td', null, [
          el('div', { text: path[path.length - 1] || '' }),
          el('div', { className: 'path', text: path.slice(0, -1).join(' / ') }),
        ]),
        el('td', { text: d.responsibleOfficers.join('、') || '—' }),
        el('td', { text: d.profile }),
      ]),
    );
  }
  const pages = Math.max(1, Math.ceil(b.total / b.pageSize));
  const pager = query(document, `.pager[data-list="${which}"]`);
  query(pager, '.pager-text').textContent = '第 ' + b.page + ' / ' + pages + ' 页，共 ' + b.total + ' 条';
  query(pager, '[data-page="-1"]', HTMLButtonElement).disabled = b.page <= 1;
  query(pager, '[data-page="1"]', HTMLButtonElement).disabled = b.page >= pages;
}
