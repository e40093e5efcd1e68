import ExcelJS from 'exceljs';
import { PHASE_LABELS, STATUS_LABELS } from './supervision.labels';
import type { ListKind } from './supervision.service';
import type { SupervisedDeadlineView } from './supervision.view';

/**
 * CSV and XLSX exports of the supervision lists: Chinese headers, one row per deadline, the same fields as the JSON
 * list (never reporter identity or contact data: the rows do not carry them).
 */

interface Column {
  header: string;
  width: number;
  value: (d: SupervisedDeadlineView) => string | number;
}

function columns(which: ListKind): Column[] {
  return [
    { header: '案件/线索编号', width: 18, value: (d) => d.caseNumber ?? d.leadNumber ?? '' },
    { header: '期限类型', width: 22, value: (d) => d.kindLabel },
    { header: '期限代码', width: 22, value: (d) => d.kind },
    { header: '到期日', width: 12, value: (d) => d.dueDate },
    which === 'overdue'
      ? { header: '超期工作日', width: 11, value: (d) => d.overdueWorkingDays }
      : { header: '剩余工作日', width: 11, value: (d) => d.remainingWorkingDays },
    { header: '期限状态', width: 10, value: (d) => STATUS_LABELS[d.status] ?? d.status },
    { header: '日期暂定', width: 9, value: (d) => (d.provisional ? '是' : '否') },
    {
      header: '案件阶段',
      width: 12,
      value: (d) => (d.subject === 'lead' ? '线索待研判' : (PHASE_LABELS[d.phase as keyof typeof PHASE_LABELS] ?? d.phase)),
    },
    { header: '承办单位', width: 60, value: (d) => d.handlingOrgPath.join(' / ') },
    { header: '责任人员', width: 30, value: (d) => d.responsibleOfficers.join('、') },
    { header: '适用规范', width: 16, value: (d) => d.profile },
    { header: '案件/线索ID', width: 38, value: (d) => d.caseId ?? d.leadId ?? '' },
  ];
}

export const EXPORT_TITLES: Record<ListKind, string> = { overdue: '超期期限', 'due-soon': '临期期限', suspended: '中止期限' };

/** RFC 4180 CSV, UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF line ends. */
export function toCsv(which: ListKind, items: SupervisedDeadlineView[]): Buffer {
  const cols = columns(which);
  const lines = [cols.map((c) => csvCell(c.header)), ...items.map((d) => cols.map((c) => csvCell(c.value(d))))].map((cells) =>
    cells.join(','),
  );
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

/**
 * A cell, quoted when needed. Text starting with = + - @ (or a tab / carriage return) is prefixed with an apostrophe so
 * a spreadsheet never runs it as a formula (organisation and user names are typed in by people).
 */
function csvCell(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function toXlsx(which: ListKind, items: SupervisedDeadlineView[], asOf: string): Promise<Buffer> {
  const cols = columns(which);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'integrity-cases';
  wb.created = new Date();
  const ws = wb.addWorksheet(EXPORT_TITLES[which], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const d of items) ws.addRow(cols.map((c) => c.value(d)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  wb.title = `${EXPORT_TITLES[which]}（截至 ${asOf}）`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
