/**
 * CSV and XLSX exports of long lists (leads, spot-check papers and completion, self-inspection answers), made as the
 * supervision exports are (apps/api/src/supervision/supervision.export.ts): Chinese headers, UTF-8 CSV with a byte-order
 * mark and CRLF, formula-like text defused, one audited read per export, `X-Total-Count` and `X-Export-Truncated`.
 */
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { Principal } from '../auth/principal';
import type { AuditService } from '../audit/audit.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Most rows one export carries. */
export const TABLE_EXPORT_MAX_ROWS = 50_000;

export interface ExportColumn<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | null | undefined;
}

function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableCsv<T>(cols: ExportColumn<T>[], rows: T[]): Buffer {
  const lines = [cols.map((c) => csvCell(c.header)), ...rows.map((r) => cols.map((c) => csvCell(c.value(r))))].map((cells) =>
    cells.join(','),
  );
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function tableXlsx<T>(title: string, cols: ExportColumn<T>[], rows: T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'integrity-cases';
  wb.created = new Date();
  wb.title = title;
  const ws = wb.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(cols.map((c) => c.value(r) ?? ''));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes the file, after recording the export (a bulk read) in the audit trail with its filters and row count. */
export async function sendTable<T>(
  res: Response,
  opts: {
    audit: AuditService;
    principal: Principal;
    route: string;
    query: object;
    format: 'csv' | 'xlsx';
    name: string;
    title: string;
    asOf: string;
    cols: ExportColumn<T>[];
    rows: T[];
    total: number;
  },
): Promise<void> {
  const body = opts.format === 'csv' ? tableCsv(opts.cols, opts.rows) : await tableXlsx(opts.title, opts.cols, opts.rows);
  await opts.audit.record(opts.principal, {
    action: `EXPORT ${opts.route}`,
    outcome: 200,
    details: { query: { ...opts.query }, rows: opts.rows.length, total: opts.total },
  });
  const ascii = `${opts.name}-${opts.asOf}.${opts.format}`;
  const utf8 = encodeURIComponent(`${opts.title}-${opts.asOf}.${opts.format}`);
  res.status(200);
  res.setHeader('Content-Type', opts.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Total-Count', String(opts.total));
  res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition, X-Total-Count, X-Export-Truncated');
  if (opts.total > opts.rows.length) res.setHeader('X-Export-Truncated', 'true');
  res.end(body);
}
