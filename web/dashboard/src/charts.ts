/** The dashboard's charts: plain SVG, sized by viewBox so the width follows the card and the text stays readable. */
import type { SupervisionSummary, OverdueTrend, TrendPoint } from './api-types';
import { el, svg } from './dom';

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars: label, bar, value. Rows with 0 are left out; none left shows `emptyText`. */
export function barChart(box: HTMLElement, rows: Bar[], color: string, emptyText?: string): void {
  box.textContent = '';
  const shown = rows.filter((r) => r.value > 0);
  if (shown.length === 0) {
    box.appendChild(el('p', { className: 'empty', text: emptyText || '暂无数据' }));
    return;
  }
  const W = 520,
    rowH = 24,
    labelW = 170,
    valueW = 44,
    top = 4;
  const H = top * 2 + shown.length * rowH;
  const max = Math.max(...shown.map((r) => r.value));
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': box.previousElementSibling?.textContent ?? '' });
  shown.forEach((r, i) => {
    const y = top + i * rowH;
    const w = Math.max(2, Math.round(((W - labelW - valueW) * r.value) / max));
    s.appendChild(svg('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, r.label));
    s.appendChild(svg('rect', { x: labelW, y: y + 4, width: w, height: rowH - 8, rx: 2, fill: color }));
    s.appendChild(svg('text', { x: labelW + w + 6, y: y + rowH / 2 + 4, class: 'muted' }, r.value));
  });
  box.appendChild(s);
}

/** Twelve months, two bars each: received (blue) and closed (green). */
export function monthlyChart(box: HTMLElement, months: SupervisionSummary['monthly']): void {
  box.textContent = '';
  const W = 520,
    H = 190,
    left = 30,
    bottom = 36,
    top = 22;
  const max = Math.max(1, ...months.map((m) => Math.max(m.opened, m.closed)));
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': '近12个月受理与办结' });
  const slot = (W - left) / months.length,
    bw = Math.max(4, slot / 2 - 4),
    plotH = H - top - bottom;
  s.appendChild(svg('line', { x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: '#c3cad3' }));
  s.appendChild(svg('text', { x: left - 4, y: top + 4, 'text-anchor': 'end', class: 'muted' }, max));
  months.forEach((m, i) => {
    const x = left + i * slot + 2;
    const bars: Array<[value: number, color: string, offset: number]> = [
      [m.opened, '#1d5fbf', 0],
      [m.closed, '#2e7d32', 1],
    ];
    for (const [value, color, offset] of bars) {
      const h = Math.round((plotH * value) / max);
      if (value > 0) s.appendChild(svg('rect', { x: x + offset * (bw + 2), y: H - bottom - h, width: bw, height: h, fill: color }));
    }
    s.appendChild(svg('text', { x: x + bw, y: H - bottom + 14, 'text-anchor': 'middle', class: 'muted' }, m.month.slice(5) + '月'));
  });
  s.appendChild(svg('rect', { x: left, y: H - 14, width: 10, height: 10, fill: '#1d5fbf' }));
  s.appendChild(svg('text', { x: left + 14, y: H - 5 }, '受理'));
  s.appendChild(svg('rect', { x: left + 60, y: H - 14, width: 10, height: 10, fill: '#2e7d32' }));
  s.appendChild(svg('text', { x: left + 74, y: H - 5 }, '办结'));
  box.appendChild(s);
}

/** A point's axis label: 11月 by month, 11/16 by day or week (its Monday). */
export function trendLabel(p: TrendPoint, granularity: string): string {
  if (granularity === 'month') return Number(p.label.slice(5, 7)) + '月';
  return Number(p.label.slice(5, 7)) + '/' + Number(p.label.slice(8, 10));
}

/** Overdue deadlines over time: a line with one dot per point, the count above the last one, sparse axis labels. */
export function trendChart(box: HTMLElement, t: OverdueTrend): void {
  box.textContent = '';
  const pts = t.points,
    g = t.granularity;
  const W = 1040,
    H = 200,
    left = 40,
    right = 24,
    top = 22,
    bottom = 28;
  const max = Math.max(2, ...pts.map((p) => p.overdue));
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  let yMax = Math.ceil(max / step) * step;
  if (yMax % 2) yMax += 1; // whole numbers on the three grid lines
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const x = (i: number) => left + (pts.length === 1 ? plotW / 2 : (plotW * i) / (pts.length - 1));
  const y = (v: number) => top + plotH - Math.round((plotH * v) / yMax);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': '超期期限变化趋势', 'data-granularity': g });
  for (const v of [0, yMax / 2, yMax]) {
    s.appendChild(svg('line', { x1: left, y1: y(v), x2: W - right, y2: y(v), stroke: '#e1e5eb' }));
    s.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'muted' }, Math.round(v)));
  }
  const d = pts.map((p, i) => (i === 0 ? 'M' : 'L') + x(i).toFixed(1) + ' ' + y(p.overdue)).join(' ');
  if (pts.length > 1) {
    const area = `${d} L${x(pts.length - 1).toFixed(1)} ${y(0)} L${x(0).toFixed(1)} ${y(0)} Z`;
    s.appendChild(svg('path', { d: area, fill: 'rgba(198,40,40,.08)', stroke: 'none' }));
    s.appendChild(svg('path', { d, fill: 'none', stroke: '#c62828', 'stroke-width': 2 }));
  }
  const every = Math.max(1, Math.ceil(pts.length / 12));
  pts.forEach((p, i) => {
    const c = svg('circle', {
      cx: x(i).toFixed(1),
      cy: y(p.overdue),
      r: 3,
      fill: '#c62828',
      class: 'point',
      'data-label': p.label,
      'data-value': p.overdue,
    });
    c.appendChild(svg('title', {}, (g === 'day' ? p.end : p.start + ' 至 ' + p.end) + '：超期 ' + p.overdue + ' 项'));
    s.appendChild(c);
    if ((pts.length - 1 - i) % every === 0)
      s.appendChild(svg('text', { x: x(i).toFixed(1), y: H - 8, 'text-anchor': 'middle', class: 'muted' }, trendLabel(p, g)));
  });
  const last = pts[pts.length - 1];
  if (last)
    s.appendChild(
      svg('text', { x: x(pts.length - 1).toFixed(1), y: y(last.overdue) - 8, 'text-anchor': 'end', class: 'trend-last' }, last.overdue),
    );
  box.appendChild(s);
}
