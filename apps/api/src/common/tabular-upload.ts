/** Reading uploaded tables (CSV UTF-8 or XLSX) for the importers: organisations, warning journals. */
import { applyDecorators, UnsupportedMediaTypeException, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import type { Role } from '@libs/domain/src/case/actions';
import { DomainError } from '@libs/domain/src/shared';
import { RequireRoles, RolesGuard } from '../users/roles';
import { CsvSyntaxError, parseCsv } from '../organisations/csv';

/**
 * A bulk import's upload (field "file"): the caller's roles are checked by a guard, which runs before the file
 * interceptor, so a caller without them gets 403 with the body unread (issue 16); only then is the file read into
 * memory within the interceptor's limits. What needs the database is the service's to check before it parses the file.
 */
export function ImportUpload(roles: Role[], options: Parameters<typeof FileInterceptor>[1]) {
  return applyDecorators(UseGuards(RolesGuard), RequireRoles(...roles), UseInterceptors(FileInterceptor('file', options)));
}

/** The first worksheet of an .xlsx file as rows of trimmed cell texts. */
async function readXlsx(buf: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    throw fileError(`not a readable XLSX file: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileError('the workbook has no worksheet');
  const table: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++) cells.push(row.getCell(c).text ?? '');
    table.push(cells);
  }
  return table;
}

/** An uploaded CSV (UTF-8) or XLSX file (first sheet) as rows of cell texts; unreadable files are refused whole. */
export async function readUploadedTable(file: { buffer: Buffer; originalname?: string } | undefined): Promise<string[][]> {
  if (!file) throw fileError('a CSV or XLSX file is required (multipart/form-data, field "file")');
  const buf = file.buffer;
  if (!buf?.length) throw fileError('the file is empty');
  const zip = buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;
  const ole = buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0;
  if (ole || /\.xls$/i.test(file.originalname ?? '')) {
    throw new UnsupportedMediaTypeException('legacy .xls files are not supported; save the sheet as .xlsx or "CSV UTF-8"');
  }
  let table: string[][];
  if (zip) {
    table = await readXlsx(buf);
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      throw fileError('the file is not UTF-8 text; save it as "CSV UTF-8" (a GBK/ANSI CSV from Excel is not accepted)');
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      table = parseCsv(text);
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw fileError(`not a readable CSV file: ${err.message}`);
      throw err;
    }
  }
  return table;
}

export function fileError(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `file: ${message}`, { field: 'file' });
}
