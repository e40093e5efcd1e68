/**
 * A small RFC 4180 reader: comma-separated, fields optionally in double quotes (`""` is a quote inside one), quoted
 * fields may span lines, CRLF / LF / CR line ends. Returns one array of cells per record, blank records included, so
 * a record's index + 1 is its row number as a spreadsheet shows it (row 1 = header) as long as no quoted field spans
 * lines.
 */
export class CsvSyntaxError extends Error {}

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
      i += 1;
      continue;
    }
    if (c === ',') {
      record.push(cell);
      cell = '';
      atCellStart = true;
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      atCellStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += c;
    atCellStart = false;
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(`row ${records.length + 1}: a quoted field is not closed`);
  if (cell !== '' || record.length > 0 || !atCellStart) {
    record.push(cell);
    records.push(record);
  }
  return records;
}
