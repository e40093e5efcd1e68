/**
 * An institution's papers of one year, as imported for its spot-check plan (000 §10). Columns (header row, Chinese or
 * English, any order): ref 编号 (the institution's own reference or the DOI; unique in the list), title 标题, authors 作者
 * (separated by ; or ；), journal 期刊, doi DOI, publishedOn 发表日期, important 重要论文 (是/否, yes/no, true/false, 1/0),
 * importantReason 重要说明. Pure.
 */
import type { RowError } from '../paper/import';

export interface SpotCheckPaperRow {
  line: number;
  ref: string;
  title: string;
  authors: string[];
  journal: string | null;
  doi: string | null;
  publishedOn: string | null;
  important: boolean;
  importantReason: string | null;
}

const COLUMNS: Record<Exclude<keyof SpotCheckPaperRow, 'line'>, string[]> = {
  ref: ['ref', 'reference', '编号', '论文编号'],
  title: ['title', '标题', '论文标题', '题目'],
  authors: ['authors', '作者', '作者姓名'],
  journal: ['journal', '期刊', '期刊名称'],
  doi: ['doi'],
  publishedOn: ['publishedon', 'published_on', '发表日期'],
  important: ['important', '重要论文', '是否重要论文'],
  importantReason: ['importantreason', 'important_reason', '重要说明', '重要论文说明'],
};

const YES = ['是', 'yes', 'y', 'true', '1'];
const NO = ['否', 'no', 'n', 'false', '0', ''];
const DOI = /^10\.\d{4,9}\/\S+$/;

export function parseSpotCheckPapers(
  table: string[][],
  year: number,
  limits = { maxRows: 20_000 },
): { rows: SpotCheckPaperRow[]; errors: RowError[] } {
  const header = (table[0] ?? []).map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ''),
  );
  const index = {} as Record<keyof typeof COLUMNS, number>;
  for (const [k, names] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string[]]>)
    index[k] = header.findIndex((h) => names.includes(h));
  const missing = (['ref', 'title'] as const).filter((k) => index[k] < 0);
  if (missing.length) return { rows: [], errors: [{ row: 1, reason: `missing columns ${missing.join(', ')} (编号, 标题)` }] };
  if (table.length - 1 > limits.maxRows)
    return { rows: [], errors: [{ row: 1, reason: `too many rows: ${table.length - 1} (at most ${limits.maxRows})` }] };
  const rows: SpotCheckPaperRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < table.length; i++) {
    const cells = table[i]!;
    if (cells.every((c) => !c.trim())) continue;
    const cell = (k: keyof typeof COLUMNS) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '');
    const line = i + 1;
    const problems: string[] = [];
    const ref = cell('ref');
    const title = cell('title');
    if (!ref) problems.push('ref is empty');
    else if (ref.length > 200) problems.push('ref is longer than 200 characters');
    if (!title) problems.push('title is empty');
    else if (title.length > 1000) problems.push('title is longer than 1000 characters');
    const doi =
      cell('doi')
        .toLowerCase()
        .replace(/^https?:\/\/(dx\.)?doi\.org\//, '') || null;
    if (doi && !DOI.test(doi)) problems.push(`doi "${cell('doi')}" is not a DOI`);
    const published = cell('publishedOn') || null;
    if (published) {
      const t = Date.parse(`${published}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(published) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== published)
        problems.push(`publishedOn "${published}" is not a date YYYY-MM-DD`);
      else if (Number(published.slice(0, 4)) !== year) problems.push(`publishedOn ${published} is not in ${year} (the plan's year)`);
    }
    const imp = cell('important').toLowerCase();
    if (!YES.includes(imp) && !NO.includes(imp)) problems.push(`important "${cell('important')}" is not 是/否`);
    if (ref && seen.has(ref)) problems.push(`ref ${ref} repeats row ${seen.get(ref)}`);
    if (problems.length) {
      errors.push({ row: line, reason: problems.join('; ') });
      continue;
    }
    seen.set(ref, line);
    rows.push({
      line,
      ref,
      title,
      authors: cell('authors')
        .split(/[;；]/)
        .map((a) => a.trim())
        .filter(Boolean),
      journal: cell('journal') || null,
      doi,
      publishedOn: published,
      important: YES.includes(imp),
      importantReason: cell('importantReason') || null,
    });
  }
  return { rows, errors };
}
