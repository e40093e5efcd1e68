import { KIND_LABELS, PHASE_LABELS, PHASES } from '../supervision.labels';

/**
 * The supervision dashboard's script: vanilla JS for current browsers, no build step. It signs in with
 * POST /api/v1/auth/login, keeps the token in memory only (a reload signs out), and reads /api/v1/supervision/*.
 * Every value from the API goes into the page as text (textContent / SVG text nodes), never as HTML.
 *
 * Kept as a TypeScript string so tsc carries it into dist/; written without template literals so that it can sit in a
 * String.raw literal. The phase and kind names come from supervision.labels.ts.
 */
const BODY = String.raw`
'use strict';
var API = '/api/v1';
var PAGE_SIZE = 20;
var state = { token: null, me: null, orgId: null, summary: null, page: { 'overdue': 1, 'due-soon': 1 }, totals: { 'overdue': 0, 'due-soon': 0 } };

function $(id) { return document.getElementById(id); }
function el(tag, props, children) {
  var e = document.createElement(tag);
  if (props) Object.keys(props).forEach(function (k) {
    if (k === 'text') e.textContent = props[k];
    else if (k === 'className') e.className = props[k];
    else e.setAttribute(k, props[k]);
  });
  (children || []).forEach(function (c) { if (c) e.appendChild(c); });
  return e;
}
function svg(tag, attrs, text) {
  var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
  if (text !== undefined) e.textContent = String(text);
  return e;
}
function phaseName(p) { return LABELS.phases[p] || p; }
function kindName(k) { return LABELS.kinds[k] || k; }
function message(text) { var m = $('message'); m.textContent = text || ''; m.hidden = !text; }

function api(path, opts) {
  opts = opts || {};
  var headers = opts.headers || {};
  if (state.token) headers['Authorization'] = 'Bearer ' + state.token;
  opts.headers = headers;
  return fetch(API + path, opts).then(function (res) {
    if (res.status === 401 && state.token) { signOut('登录已过期，请重新登录。'); throw new Error('401'); }
    if (!res.ok) {
      return res.json().catch(function () { return {}; }).then(function (b) {
        var m = Array.isArray(b.message) ? b.message.join('；') : (b.message || res.statusText);
        var err = new Error(m); err.status = res.status; throw err;
      });
    }
    return res;
  });
}
function getJson(path) { return api(path).then(function (r) { return r.json(); }); }

function params(which, withPage) {
  var q = new URLSearchParams();
  if (state.orgId) q.set('orgId', state.orgId);
  var kind = $(which + '-kind').value;
  if (kind) q.set('kind', kind);
  q.set('sort', $(which + '-sort').value);
  if (which === 'due-soon') q.set('withinWorkingDays', within());
  if (withPage) { q.set('page', String(state.page[which])); q.set('pageSize', String(PAGE_SIZE)); }
  return q.toString();
}
function within() {
  var n = Number($('due-soon-within').value);
  if (!Number.isInteger(n) || n < 0) n = 0;
  if (n > 90) n = 90;
  return String(n);
}

// ---- sign in / out ----
$('login-form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  $('login-error').textContent = '';
  var body = JSON.stringify({ username: $('username').value.trim(), password: $('password').value });
  fetch(API + '/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
    .then(function (res) {
      if (res.status === 429) throw new Error('尝试次数过多，请稍后再试。');
      if (!res.ok) throw new Error('用户名或密码错误。');
      return res.json();
    })
    .then(function (b) {
      state.token = b.accessToken;
      $('password').value = '';
      return getJson('/auth/me');
    })
    .then(function (me) {
      state.me = me;
      $('who-name').textContent = me.name + '（' + me.organisation.name + '）';
      $('who').hidden = false;
      $('login-view').hidden = true;
      $('app-view').hidden = false;
      state.orgId = null;
      return reload();
    })
    .catch(function (e) {
      if (e.status === 403) { signOut(); $('login-error').textContent = '该账号没有监督权限（需要监督员或诚信管理员角色）。'; return; }
      $('login-error').textContent = e.message;
      if (state.token) signOut();
    });
});
function signOut(text) {
  state.token = null; state.me = null; state.orgId = null; state.summary = null;
  $('who').hidden = true; $('app-view').hidden = true; $('login-view').hidden = false;
  message(text || '');
}
$('logout').addEventListener('click', function () { signOut(); });

// ---- loading ----
function reload() {
  state.page['overdue'] = 1; state.page['due-soon'] = 1;
  $('app-view').setAttribute('data-loading', 'true');
  return Promise.all([loadSummary(), loadList('overdue'), loadList('due-soon'), loadTrend()])
    .then(function () { message(''); })
    .catch(function (e) { if (e.status === 403) throw e; message('加载失败：' + e.message); })
    .then(function () { $('app-view').setAttribute('data-loading', 'false'); });
}
function loadSummary() {
  var q = new URLSearchParams();
  if (state.orgId) q.set('orgId', state.orgId);
  q.set('withinWorkingDays', within());
  return getJson('/supervision/summary?' + q.toString()).then(renderSummary);
}
function loadTrend() {
  var q = new URLSearchParams();
  if (state.orgId) q.set('orgId', state.orgId);
  q.set('granularity', $('trend-granularity').value);
  return getJson('/supervision/overdue-trend?' + q.toString()).then(function (t) { trendChart($('chart-trend'), t); });
}
$('trend-granularity').addEventListener('change', function () {
  $('app-view').setAttribute('data-loading', 'true');
  loadTrend()
    .catch(function (e) { message('加载失败：' + e.message); })
    .then(function () { $('app-view').setAttribute('data-loading', 'false'); });
});
function loadList(which) {
  return getJson('/supervision/' + which + '?' + params(which, true)).then(function (b) { renderList(which, b); });
}
function drill(orgId) {
  state.orgId = orgId;
  return reload();
}

// ---- summary ----
function renderSummary(s) {
  state.summary = s;
  $('scope-path').textContent = s.organisation.path.join(' / ');
  $('scope-up').hidden = !s.organisation.parentId;
  $('as-of').textContent = '统计日期 ' + s.asOf + '（北京时间）';
  var t = s.totals;
  var tiles = $('tiles');
  tiles.textContent = '';
  [['案件总数', t.cases, ''], ['办理中案件', t.openCases, ''], ['超期期限', t.overdueDeadlines, 'overdue'], ['临期期限（' + s.withinWorkingDays + '个工作日内）', t.dueSoonDeadlines, 'soon']]
    .forEach(function (x) { tiles.appendChild(el('div', { className: 'tile ' + x[2] }, [el('div', { className: 'v', text: String(x[1]) }), el('div', { className: 'k', text: x[0] })])); });

  barChart($('chart-phase'), s.byPhase.map(function (r) { return { label: phaseName(r.phase), value: r.count }; }), '#1d5fbf');
  barChart($('chart-kind'), s.overdueByKind.map(function (r) { return { label: r.label || kindName(r.kind), value: r.count }; }), '#c62828', '没有超期期限');
  monthlyChart($('chart-monthly'), s.monthly);

  var body = $('children-table').querySelector('tbody');
  body.textContent = '';
  s.children.forEach(function (c) {
    var b = el('button', { type: 'button', className: 'drill', 'data-org-id': c.id, text: c.name });
    b.addEventListener('click', function () { drill(c.id); });
    body.appendChild(el('tr', null, [
      el('td', null, [b]),
      el('td', { className: 'num', text: String(c.cases) }),
      el('td', { className: 'num', text: String(c.openCases) }),
      el('td', { className: 'num', text: String(c.overdueDeadlines) }),
      el('td', { className: 'num', text: String(c.dueSoonDeadlines) }),
    ]));
  });
  $('children-table').hidden = s.children.length === 0;
  $('children-empty').hidden = s.children.length !== 0;
}
$('scope-up').addEventListener('click', function () {
  var s = state.summary;
  if (!s || !s.organisation.parentId) return;
  drill(state.me && s.organisation.parentId === state.me.organisation.id ? null : s.organisation.parentId);
});

// Horizontal bars: label, bar, value. Width follows the card (viewBox), text stays readable.
function barChart(box, rows, color, emptyText) {
  box.textContent = '';
  var shown = rows.filter(function (r) { return r.value > 0; });
  if (shown.length === 0) { box.appendChild(el('p', { className: 'empty', text: emptyText || '暂无数据' })); return; }
  var W = 520, rowH = 24, labelW = 170, valueW = 44, top = 4;
  var H = top * 2 + shown.length * rowH;
  var max = Math.max.apply(null, shown.map(function (r) { return r.value; }));
  var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': box.previousElementSibling ? box.previousElementSibling.textContent : '' });
  shown.forEach(function (r, i) {
    var y = top + i * rowH;
    var w = Math.max(2, Math.round((W - labelW - valueW) * r.value / max));
    s.appendChild(svg('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, r.label));
    s.appendChild(svg('rect', { x: labelW, y: y + 4, width: w, height: rowH - 8, rx: 2, fill: color }));
    s.appendChild(svg('text', { x: labelW + w + 6, y: y + rowH / 2 + 4, 'class': 'muted' }, r.value));
  });
  box.appendChild(s);
}

// Twelve months, two bars each: received (blue) and closed (green).
function monthlyChart(box, months) {
  box.textContent = '';
  var W = 520, H = 190, left = 30, bottom = 36, top = 22;
  var max = Math.max(1, Math.max.apply(null, months.map(function (m) { return Math.max(m.opened, m.closed); })));
  var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': '近12个月受理与办结' });
  var slot = (W - left) / months.length, bw = Math.max(4, slot / 2 - 4), plotH = H - top - bottom;
  s.appendChild(svg('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: '#c3cad3' }));
  s.appendChild(svg('text', { x: left - 4, y: top + 4, 'text-anchor': 'end', 'class': 'muted' }, max));
  months.forEach(function (m, i) {
    var x = left + i * slot + 2;
    [[m.opened, '#1d5fbf', 0], [m.closed, '#2e7d32', 1]].forEach(function (b) {
      var h = Math.round(plotH * b[0] / max);
      if (b[0] > 0) s.appendChild(svg('rect', { x: x + b[2] * (bw + 2), y: H - bottom - h, width: bw, height: h, fill: b[1] }));
    });
    s.appendChild(svg('text', { x: x + bw, y: H - bottom + 14, 'text-anchor': 'middle', 'class': 'muted' }, m.month.slice(5) + '月'));
  });
  s.appendChild(svg('rect', { x: left, y: H - 14, width: 10, height: 10, fill: '#1d5fbf' }));
  s.appendChild(svg('text', { x: left + 14, y: H - 5 }, '受理'));
  s.appendChild(svg('rect', { x: left + 60, y: H - 14, width: 10, height: 10, fill: '#2e7d32' }));
  s.appendChild(svg('text', { x: left + 74, y: H - 5 }, '办结'));
  box.appendChild(s);
}

// Overdue deadlines over time: a line with one dot per point, the count above the last one, sparse axis labels.
function trendLabel(p, g) {
  if (g === 'month') return Number(p.label.slice(5, 7)) + '月';
  return Number(p.label.slice(5, 7)) + '/' + Number(p.label.slice(8, 10));
}
function trendChart(box, t) {
  box.textContent = '';
  var pts = t.points, g = t.granularity;
  var W = 1040, H = 200, left = 40, right = 24, top = 22, bottom = 28;
  var max = Math.max(2, Math.max.apply(null, pts.map(function (p) { return p.overdue; })));
  var step = Math.pow(10, Math.floor(Math.log10(max)));
  var yMax = Math.ceil(max / step) * step;
  if (yMax % 2) yMax += 1; // whole numbers on the three grid lines
  var plotW = W - left - right, plotH = H - top - bottom;
  var x = function (i) { return left + (pts.length === 1 ? plotW / 2 : plotW * i / (pts.length - 1)); };
  var y = function (v) { return top + plotH - Math.round(plotH * v / yMax); };
  var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': '超期期限变化趋势', 'data-granularity': g });
  [0, yMax / 2, yMax].forEach(function (v) {
    s.appendChild(svg('line', { x1: left, y1: y(v), x2: W - right, y2: y(v), stroke: '#e1e5eb' }));
    s.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'class': 'muted' }, Math.round(v)));
  });
  var d = pts.map(function (p, i) { return (i === 0 ? 'M' : 'L') + x(i).toFixed(1) + ' ' + y(p.overdue); }).join(' ');
  if (pts.length > 1) {
    s.appendChild(svg('path', { d: d + ' L' + x(pts.length - 1).toFixed(1) + ' ' + y(0) + ' L' + x(0).toFixed(1) + ' ' + y(0) + ' Z', fill: 'rgba(198,40,40,.08)', stroke: 'none' }));
    s.appendChild(svg('path', { d: d, fill: 'none', stroke: '#c62828', 'stroke-width': 2 }));
  }
  var every = Math.max(1, Math.ceil(pts.length / 12));
  pts.forEach(function (p, i) {
    var c = svg('circle', { cx: x(i).toFixed(1), cy: y(p.overdue), r: 3, fill: '#c62828', 'class': 'point', 'data-label': p.label, 'data-value': p.overdue });
    c.appendChild(svg('title', {}, (g === 'day' ? p.end : p.start + ' 至 ' + p.end) + '：超期 ' + p.overdue + ' 项'));
    s.appendChild(c);
    if ((pts.length - 1 - i) % every === 0) s.appendChild(svg('text', { x: x(i).toFixed(1), y: H - 8, 'text-anchor': 'middle', 'class': 'muted' }, trendLabel(p, g)));
  });
  var last = pts[pts.length - 1];
  s.appendChild(svg('text', { x: x(pts.length - 1).toFixed(1), y: y(last.overdue) - 8, 'text-anchor': 'end', 'class': 'trend-last' }, last.overdue));
  box.appendChild(s);
}

// ---- lists ----
function renderList(which, b) {
  state.totals[which] = b.total;
  $(which + '-total').textContent = String(b.total);
  var body = $(which + '-table').querySelector('tbody');
  body.textContent = '';
  if (b.items.length === 0) body.appendChild(el('tr', null, [el('td', { colspan: '8', className: 'empty', text: which === 'overdue' ? '没有超期期限' : '没有临期期限' })]));
  b.items.forEach(function (d) {
    var days = which === 'overdue' ? d.overdueWorkingDays : d.remainingWorkingDays;
    var path = d.handlingOrgPath;
    var lead = d.subject === 'lead';
    body.appendChild(el('tr', lead ? { 'data-lead-id': d.leadId } : { 'data-case-id': d.caseId }, [
      el('td', { text: lead ? '线索 ' + d.leadNumber : d.caseNumber }),
      el('td', { text: d.kindLabel }),
      el('td', { text: d.dueDate + (d.provisional ? '（暂定）' : '') }),
      el('td', { className: 'num days ' + (which === 'overdue' ? 'overdue' : 'soon'), text: String(days) }),
      el('td', { text: lead ? '线索待研判' : phaseName(d.phase) }),
      el('td', null, [el('div', { text: path[path.length - 1] || '' }), el('div', { className: 'path', text: path.slice(0, -1).join(' / ') })]),
      el('td', { text: d.responsibleOfficers.join('、') || '—' }),
      el('td', { text: d.profile }),
    ]));
  });
  var pages = Math.max(1, Math.ceil(b.total / b.pageSize));
  var pager = document.querySelector('.pager[data-list="' + which + '"]');
  pager.querySelector('.pager-text').textContent = '第 ' + b.page + ' / ' + pages + ' 页，共 ' + b.total + ' 条';
  pager.querySelector('[data-page="-1"]').disabled = b.page <= 1;
  pager.querySelector('[data-page="1"]').disabled = b.page >= pages;
}
Array.prototype.forEach.call(document.querySelectorAll('.pager'), function (pager) {
  var which = pager.getAttribute('data-list');
  Array.prototype.forEach.call(pager.querySelectorAll('button'), function (btn) {
    btn.addEventListener('click', function () {
      state.page[which] = Math.max(1, state.page[which] + Number(btn.getAttribute('data-page')));
      loadList(which).catch(function (e) { message('加载失败：' + e.message); });
    });
  });
});
['overdue', 'due-soon'].forEach(function (which) {
  var select = $(which + '-kind');
  select.appendChild(el('option', { value: '', text: '全部类型' }));
  Object.keys(LABELS.kinds).forEach(function (k) { select.appendChild(el('option', { value: k, text: LABELS.kinds[k] })); });
  [which + '-kind', which + '-sort'].forEach(function (id) {
    $(id).addEventListener('change', function () {
      state.page[which] = 1;
      loadList(which).catch(function (e) { message('加载失败：' + e.message); });
    });
  });
});
$('due-soon-within').addEventListener('change', function () {
  $('due-soon-within').value = within();
  state.page['due-soon'] = 1;
  Promise.all([loadList('due-soon'), loadSummary()]).catch(function (e) { message('加载失败：' + e.message); });
});

// ---- exports: fetched with the token, saved through a temporary object URL ----
Array.prototype.forEach.call(document.querySelectorAll('[data-export]'), function (btn) {
  btn.addEventListener('click', function () {
    var file = btn.getAttribute('data-export');
    var which = file.split('.')[0];
    btn.disabled = true;
    api('/supervision/' + file + '?' + params(which, false))
      .then(function (res) {
        var cd = res.headers.get('Content-Disposition') || '';
        var m = /filename\*=UTF-8''([^;]+)/.exec(cd);
        var name = m ? decodeURIComponent(m[1]) : file;
        var truncated = res.headers.get('X-Export-Truncated') === 'true';
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = el('a', { href: url, download: name });
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          message(truncated ? '导出行数超过上限，文件只含前面的部分；请按单位或类型缩小范围。' : '');
        });
      })
      .catch(function (e) { message('导出失败：' + e.message); })
      .then(function () { btn.disabled = false; });
  });
});
`;

const LABELS = JSON.stringify({ phases: Object.fromEntries(PHASES.map((p) => [p, PHASE_LABELS[p]])), kinds: KIND_LABELS });

export const DASHBOARD_JS = `(function (LABELS) {${BODY}})(${LABELS});\n`;
