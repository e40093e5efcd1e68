/**
 * Training records of an integrity archive (000 §15: 科研诚信与学风建设教育…记入个人诚信档案), pure: the kinds and the
 * rows of an imported list.
 *
 * Import columns (Chinese or English headers): 姓名/name, 证件号码/idNumber, 单位/organisation, 培训名称/title,
 * 类别/kind, 学时/hours, 完成日期/completedOn, 主办单位/provider. [decision] A row is refused as a whole (with its row
 * number and every problem) and the others are kept; the same person, title and day already recorded changes nothing.
 */
import { isValidIsoDate } from '../calendar';
import { isPlausibleOtherIdNumber, isValidPrcIdNumber } from '../decision/id-number';

export const TRAINING_KINDS = ['continuing_education', 'induction', 'case_warning', 'ethics', 'other'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];
export const TRAINING_KIND_LABELS: Readonly<Record<TrainingKind, string>> = Object.freeze({
  continuing_education: '继续教育必修课',
  induction: '入职第一课',
  case_warning: '案例警示教育',
  ethics: '科研伦理与数据管理',
  other: '其他',
});

export interface TrainingRow {
  name: string;
  idNumber: string;
  organisation: string;
  title: string;
  kind: TrainingKind;
  hours: number | null;
  completedOn: string;
  provider: string | null;
}

const HEADERS: Record<keyof TrainingRow, string[]> = {
  name: ['姓名', 'name'],
  idNumber: ['证件号码', '身份证号', 'idnumber'],
  organisation: ['单位', 'organisation', 'organization'],
  title: ['培训名称', 'title'],
  kind: ['类别', 'kind'],
  hours: ['学时', 'hours'],
  completedOn: ['完成日期', 'completedon'],
  provider: ['主办单位', 'provider'],
};

export interface ParsedTrainings {
  rows: Array<{ row: number; value: TrainingRow }>;
  errors: Array<{ row: number; reason: string }>;
}

function kindOf(v: string): TrainingKind | null {
  const t = v.trim();
  if ((TRAINING_KINDS as readonly string[]).includes(t)) return t as TrainingKind;
  const byLabel = (Object.entries(TRAINING_KIND_LABELS) as Array<[TrainingKind, string]>).find(([, l]) => l === t);
  return byLabel ? byLabel[0] : t === '' ? 'other' : null;
}

/** Rows of a CSV/XLSX table (first row: headers) as training records; bad rows named with their row number (1 = headers). */
export function parseTrainingTable(table: string[][]): ParsedTrainings {
  const out: ParsedTrainings = { rows: [], errors: [] };
  const header = (table[0] ?? []).map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const col = {} as Record<keyof TrainingRow, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(HEADERS) as Array<[keyof TrainingRow, string[]]>) {
    const i = header.findIndex((h) => names.map((n) => n.toLowerCase()).includes(h));
    col[key] = i;
    if (i < 0 && !['hours', 'provider', 'kind'].includes(key)) missing.push(names[0]!);
  }
  if (missing.length) {
    out.errors.push({ row: 1, reason: `missing columns: ${missing.join(', ')}` });
    return out;
  }
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => !c || !c.trim())) return;
    const get = (k: keyof TrainingRow) => (col[k] >= 0 ? (cells[col[k]] ?? '').trim() : '');
    const problems: string[] = [];
    const idNumber = get('idNumber');
    if (!get('name')) problems.push('姓名 is empty');
    if (!isValidPrcIdNumber(idNumber) && !isPlausibleOtherIdNumber(idNumber)) problems.push('证件号码 is not an ID number');
    if (!get('organisation')) problems.push('单位 is empty');
    if (!get('title')) problems.push('培训名称 is empty');
    const kind = kindOf(get('kind'));
    if (!kind) problems.push(`类别 must be one of ${TRAINING_KINDS.join(', ')} or its Chinese label`);
    const hoursText = get('hours');
    const hours = hoursText === '' ? null : Number(hoursText);
    if (hours !== null && !(Number.isFinite(hours) && hours >= 0.1 && hours <= 1000))
      problems.push('学时 must be a number of hours, 0.1–1000');
    const completedOn = get('completedOn');
    if (!isValidIsoDate(completedOn)) problems.push('完成日期 must be a date YYYY-MM-DD');
    for (const k of ['name', 'organisation', 'title', 'provider'] as const)
      if (get(k).length > 500) problems.push(`${k} is longer than 500 characters`);
    if (problems.length) out.errors.push({ row, reason: problems.join('; ') });
    else
      out.rows.push({
        row,
        value: {
          name: get('name'),
          idNumber,
          organisation: get('organisation'),
          title: get('title'),
          kind: kind!,
          hours,
          completedOn,
          provider: get('provider') || null,
        },
      });
  });
  return out;
}
