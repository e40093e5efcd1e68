/**
 * Rows of a retracted-paper batch (002: 撤稿论文 导入; 000 §1 active monitoring), validated one by one: good rows are
 * imported, bad ones come back with their row number and reason. Pure (the API reads the CSV/XLSX file).
 *
 * Columns (header row, Chinese or English names, any order): batch 批次, number 编号, title 标题, authors 作者姓名,
 * correspondingUnit 第一通讯作者单位, regionCode 行政区划, journal 期刊, doi DOI, retractionDate 撤稿日期, source 来源; optional:
 * affiliationText 第一通讯作者所在单位原文 (the affiliation as written in the paper, 002 论文详情), dispatchingDepartment 转办部门
 * (the department that forwarded the paper, 002 论文详情).
 */
import { isBusinessDate } from '../calendar/iso-date';

export interface PaperRow {
  batch: string;
  number: string;
  title: string;
  authors: string[];
  correspondingUnit: string;
  regionCode: string;
  journal: string;
  doi: string | null;
  retractionDate: string | null;
  source: string;
  /** 第一通讯作者所在单位原文: the affiliation as the paper prints it; the unit name when the file has no such column. */
  affiliationText: string;
  /** 转办部门: who forwarded the paper (002); null when the file does not say. */
  dispatchingDepartment: string | null;
}

export interface RowError {
  /** 1-based line number in the file (the header is row 1). */
  row: number;
  reason: string;
}

const COLUMNS: Record<keyof PaperRow, string[]> = {
  batch: ['batch', '批次'],
  number: ['number', '编号', '论文编号'],
  title: ['title', '标题', '论文名称', '论文标题'],
  authors: ['authors', '作者', '作者姓名'],
  correspondingUnit: ['correspondingunit', 'corresponding_unit', '第一通讯作者单位', '通讯作者单位'],
  regionCode: ['regioncode', 'region_code', 'region', '行政区划', '行政区划代码'],
  journal: ['journal', '期刊', '期刊名称'],
  doi: ['doi'],
  retractionDate: ['retractiondate', 'retraction_date', '撤稿日期'],
  source: ['source', '来源', '数据来源'],
  affiliationText: ['affiliationtext', 'affiliation_text', 'affiliation', '第一通讯作者所在单位原文', '单位原文'],
  dispatchingDepartment: ['dispatchingdepartment', 'dispatching_department', '转办部门'],
};
const REQUIRED: Array<keyof PaperRow> = ['batch', 'number', 'title', 'authors', 'correspondingUnit', 'regionCode', 'journal', 'source'];

/** [decision] Monitoring sources named by 000 §1, plus other; free text would make the statistics useless. */
export const PAPER_SOURCES = ['retraction_watch', 'pubmed', 'web_of_science', 'other'] as const;
const SOURCE_ALIASES: Record<string, (typeof PAPER_SOURCES)[number]> = {
  'retraction watch': 'retraction_watch',
  retraction_watch: 'retraction_watch',
  pubmed: 'pubmed',
  'web of science': 'web_of_science',
  web_of_science: 'web_of_science',
  wos: 'web_of_science',
  other: 'other',
  其他: 'other',
};

const DOI = /^10\.\d{4,9}\/\S+$/;
const REGION = /^\d{6}$/;

export function parsePaperTable(
  table: string[][],
  limits = { maxRows: 20_000 },
): { rows: Array<PaperRow & { line: number }>; errors: RowError[] } {
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, ''));
  const index = {} as Record<keyof PaperRow, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(COLUMNS) as Array<[keyof PaperRow, string[]]>) {
    index[key] = header.findIndex((h) => names.some((n) => n.toLowerCase().replace(/\s+/g, '') === h));
    if (index[key] < 0 && REQUIRED.includes(key)) missing.push(`${key} (${names[1] ?? names[0]})`);
  }
  if (missing.length) return { rows: [], errors: [{ row: 1, reason: `header: missing columns ${missing.join(', ')}` }] };
  const body = table.slice(1);
  if (body.length > limits.maxRows) return { rows: [], errors: [{ row: 1, reason: `too many rows: at most ${limits.maxRows} per file` }] };

  const rows: Array<PaperRow & { line: number }> = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return; // blank lines are not rows
    const cell = (k: keyof PaperRow) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '');
    const problems: string[] = [];
    for (const k of REQUIRED) if (!cell(k)) problems.push(`${k} is empty`);
    const region = cell('regionCode');
    if (region && !REGION.test(region)) problems.push(`regionCode "${region}" is not a 6-digit administrative division code`);
    const doi = cell('doi');
    if (doi && !DOI.test(doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, ''))) problems.push(`doi "${doi}" is not a DOI (10.xxxx/...)`);
    const date = cell('retractionDate');
    if (date && !isBusinessDate(date)) problems.push(`retractionDate "${date}" is not a date (YYYY-MM-DD, a calendar date of 1900–2099)`);
    const sourceText = cell('source');
    const source = SOURCE_ALIASES[sourceText.toLowerCase()];
    if (sourceText && !source) problems.push(`source "${sourceText}" is not one of ${PAPER_SOURCES.join(', ')}`);
    for (const k of ['title', 'journal', 'correspondingUnit', 'authors', 'affiliationText'] as const)
      if (cell(k).length > 1000) problems.push(`${k} is longer than 1000 characters`);
    if (cell('dispatchingDepartment').length > 200) problems.push('dispatchingDepartment is longer than 200 characters');
    const key = `${cell('batch')}\u0000${cell('number')}`;
    if (cell('batch') && cell('number') && seen.has(key))
      problems.push(`batch ${cell('batch')} number ${cell('number')} repeats row ${seen.get(key)}`);
    if (problems.length) {
      errors.push({ row: line, reason: problems.join('; ') });
      return;
    }
    seen.set(key, line);
    rows.push({
      line,
      batch: cell('batch'),
      number: cell('number'),
      title: cell('title'),
      authors: cell('authors')
        .split(/[;；,，、]/)
        .map((a) => a.trim())
        .filter(Boolean),
      correspondingUnit: cell('correspondingUnit'),
      regionCode: region,
      journal: cell('journal'),
      doi: doi ? doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '') : null,
      retractionDate: date || null,
      source: source!,
      affiliationText: cell('affiliationText') || cell('correspondingUnit'),
      dispatchingDepartment: cell('dispatchingDepartment') || null,
    });
  });
  return { rows, errors };
}

/** The workflow id of a paper: its business id (batch + number), like a case's number. */
export function paperWorkflowId(batch: string, number: string): string {
  return `RP-${batch}-${number}`;
}

/**
 * Whether a child organisation covers a paper's region (002: 按行政区划转派): a province's code shares the first two
 * digits (410000 ↔ 4101xx), a city's the first four, a county's (or district's) and an institution's all six (a city
 * dispatching to its hospitals: hospital A's region 410102 under 郑州 410100, issue 18).
 */
export function regionMatches(childLevel: string, childRegion: string, paperRegion: string): boolean {
  if (childLevel === 'provincial') return childRegion.slice(0, 2) === paperRegion.slice(0, 2);
  if (childLevel === 'municipal') return childRegion.slice(0, 4) === paperRegion.slice(0, 4);
  if (childLevel === 'county' || childLevel === 'institution') return childRegion === paperRegion;
  return false;
}

export interface RegionCandidate {
  id: string;
  name: string;
  level: string;
  regionCode: string;
}

/**
 * The child a paper goes to by region, or why there is none. Where several children cover the region (a district
 * with several hospitals), the one whose name is the paper's first corresponding author's unit is taken; otherwise the
 * candidates come back for a manual choice (`POST /papers/{id}/actions/dispatch`). [decision] Names are compared after
 * trimming and removing spaces only: a fuzzy match could send a paper to the wrong hospital.
 */
export function regionTarget(
  children: RegionCandidate[],
  paper: { regionCode: string; correspondingUnit: string },
): { target: RegionCandidate } | { candidates: RegionCandidate[]; reason: string } {
  const matching = children.filter((c) => regionMatches(c.level, c.regionCode, paper.regionCode));
  if (matching.length === 1) return { target: matching[0]! };
  if (matching.length === 0)
    return { candidates: [], reason: `no organisation below matches region ${paper.regionCode}: dispatch it explicitly` };
  const norm = (x: string) => x.replace(/\s+/g, '');
  const named = matching.filter((c) => norm(c.name) === norm(paper.correspondingUnit));
  if (named.length === 1) return { target: named[0]! };
  return {
    candidates: matching,
    reason: `${matching.length} organisations below match region ${paper.regionCode} (${matching.map((c) => c.name).join('、')}) and none is named "${paper.correspondingUnit}": choose one and dispatch it explicitly`,
  };
}
