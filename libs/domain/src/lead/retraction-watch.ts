/**
 * The Retraction Watch Database export as published (Crossref's `retraction_watch.csv`; 000 §1 names it first among the
 * sources of active monitoring), read row by row: its own 20 column names, multi-valued cells separated by ";",
 * dates as `M/D/YYYY H:MM` (older exports) or `YYYY-MM-DD`, `0` / `unavailable` for a missing PubMed id or DOI.
 * Good rows come back normalised, bad rows with their row number and reason. Pure (the API reads the file).
 *
 * Columns: Record ID, Title, Subject, Institution, Journal, Publisher, Country, Author, URLS, ArticleType,
 * RetractionDate, RetractionDOI, RetractionPubMedID, OriginalPaperDate, OriginalPaperDOI, OriginalPaperPubMedID,
 * RetractionNature, Reason, Paywalled, Notes.
 */
import type { RowError } from '../paper/import';

export const RW_COLUMNS = [
  'Record ID',
  'Title',
  'Subject',
  'Institution',
  'Journal',
  'Publisher',
  'Country',
  'Author',
  'URLS',
  'ArticleType',
  'RetractionDate',
  'RetractionDOI',
  'RetractionPubMedID',
  'OriginalPaperDate',
  'OriginalPaperDOI',
  'OriginalPaperPubMedID',
  'RetractionNature',
  'Reason',
  'Paywalled',
  'Notes',
] as const;

/** The columns a row cannot do without (the rest are kept when present). */
const REQUIRED_COLUMNS = [
  'Record ID',
  'Title',
  'Institution',
  'Journal',
  'Author',
  'RetractionDate',
  'OriginalPaperDOI',
  'Reason',
] as const;

export interface RetractionWatchRow {
  line: number;
  recordId: string;
  title: string;
  subjects: string[];
  /** Affiliations, one per ";"-separated part, in the export's order. */
  institutions: string[];
  journal: string;
  publisher: string;
  countries: string[];
  authors: string[];
  urls: string[];
  articleTypes: string[];
  retractionDate: string | null;
  retractionDoi: string | null;
  retractionPubMedId: string | null;
  originalPaperDate: string | null;
  /** The retracted paper's DOI, normalised (lower case, no resolver prefix): the lead's de-duplication key. */
  doi: string | null;
  originalPaperPubMedId: string | null;
  nature: string;
  reasons: string[];
  paywalled: string;
  notes: string;
}

const DOI = /^10\.\d{4,9}\/\S+$/;

/** `https://doi.org/10.1/ABC` → `10.1/abc`; null for empty, `unavailable`, `0` or anything that is not a DOI. */
export function normaliseDoi(v: string | null | undefined): string | null {
  if (!v) return null;
  const s = v
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '')
    .toLowerCase();
  return DOI.test(s) ? s : null;
}

/** `4/15/2021 0:00`, `4/15/2021`, `2021-04-15` (a time part is ignored) → `2021-04-15`; undefined when unreadable. */
export function rwDate(v: string): string | null | undefined {
  const s = v.trim();
  if (!s || s === '0') return null;
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (match) {
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return undefined;
  }
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso || y < 1900 || y > 2099) return undefined;
  return iso;
}

/** "a; b;;c;" → ['a', 'b', 'c'] (a leading "+" of Retraction Watch's reason codes is dropped). */
export function rwList(v: string | undefined): string[] {
  return (v ?? '')
    .split(';')
    .map((x) => x.trim().replace(/^\+/, '').trim())
    .filter(Boolean);
}

const norm = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '');

/**
 * Parses the export (header row first). A header missing one of the required columns refuses the whole file (row 1);
 * a row without Record ID or Title, with an unreadable date, or repeating an earlier Record ID is a row error.
 */
export function parseRetractionWatch(table: string[][], limits = { maxRows: 50_000 }): { rows: RetractionWatchRow[]; errors: RowError[] } {
  const header = (table[0] ?? []).map(norm);
  const at = (name: string) => header.indexOf(norm(name));
  const missing = REQUIRED_COLUMNS.filter((c) => at(c) < 0);
  if (missing.length) {
    return {
      rows: [],
      errors: [
        { row: 1, reason: `not a Retraction Watch export: missing column(s) ${missing.join(', ')} (expected ${RW_COLUMNS.join(', ')})` },
      ],
    };
  }
  const dataRows = table.length - 1;
  if (dataRows > limits.maxRows)
    return { rows: [], errors: [{ row: 1, reason: `too many rows: ${dataRows} (at most ${limits.maxRows} per file; split it)` }] };
  const index = Object.fromEntries(RW_COLUMNS.map((c) => [c, at(c)])) as Record<(typeof RW_COLUMNS)[number], number>;
  const rows: RetractionWatchRow[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < table.length; i++) {
    const cells = table[i]!;
    if (cells.every((c) => !c.trim())) continue;
    const cell = (c: (typeof RW_COLUMNS)[number]) => (index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '');
    const line = i + 1;
    const problems: string[] = [];
    const recordId = cell('Record ID');
    const title = cell('Title');
    if (!recordId) problems.push('Record ID is empty');
    else if (recordId.length > 64) problems.push('Record ID is longer than 64 characters');
    if (!title) problems.push('Title is empty');
    else if (title.length > 1000) problems.push('Title is longer than 1000 characters');
    const dates: Record<'RetractionDate' | 'OriginalPaperDate', string | null> = { RetractionDate: null, OriginalPaperDate: null };
    for (const c of ['RetractionDate', 'OriginalPaperDate'] as const) {
      const d = rwDate(cell(c));
      if (d === undefined) problems.push(`${c} "${cell(c)}" is not a date (M/D/YYYY or YYYY-MM-DD)`);
      else dates[c] = d;
    }
    const rawDoi = cell('OriginalPaperDOI');
    const doi = normaliseDoi(rawDoi);
    if (rawDoi && !doi && !['unavailable', '0', 'na', 'n/a'].includes(rawDoi.toLowerCase()))
      problems.push(`OriginalPaperDOI "${rawDoi}" is not a DOI (10.NNNN/…)`);
    if (recordId && seen.has(recordId)) problems.push(`Record ID ${recordId} appears twice in the file`);
    if (problems.length) {
      errors.push({ row: line, reason: problems.join('; ') });
      continue;
    }
    seen.add(recordId);
    const pm = (v: string) => (v && v !== '0' ? v : null);
    rows.push({
      line,
      recordId,
      title,
      subjects: rwList(cell('Subject')),
      institutions: rwList(cell('Institution')),
      journal: cell('Journal'),
      publisher: cell('Publisher'),
      countries: rwList(cell('Country')),
      authors: rwList(cell('Author')),
      urls: rwList(cell('URLS')),
      articleTypes: rwList(cell('ArticleType')),
      retractionDate: dates.RetractionDate,
      retractionDoi: normaliseDoi(cell('RetractionDOI')),
      retractionPubMedId: pm(cell('RetractionPubMedID')),
      originalPaperDate: dates.OriginalPaperDate,
      doi,
      originalPaperPubMedId: pm(cell('OriginalPaperPubMedID')),
      nature: cell('RetractionNature'),
      reasons: rwList(cell('Reason')),
      paywalled: cell('Paywalled'),
      notes: cell('Notes').slice(0, 4000),
    });
  }
  return { rows, errors };
}

/** [decision] Only rows naming China (or no country at all) concern this tree; other countries are skipped, not queued. */
export function concernsChina(row: Pick<RetractionWatchRow, 'countries'>): boolean {
  return row.countries.length === 0 || row.countries.some((c) => /china|中国|people'?s republic/i.test(c) && !/taiwan/i.test(c));
}
