/**
 * The handling-decision form (办理结果, RULES.md §4; the national system's form in 002_6fd477049d211580.txt) and its
 * validation against the policy profile's catalogue (catalogue.ts). The validator reads only catalogue data; it
 * never branches on a profile code.
 *
 * `validateDecisionForm` returns ALL issues. Paths use 0-based array indexes: `authors[1].measures[0].years` is the
 * second author's first measure. Draft mode reports only structural problems (wrong types, unknown codes,
 * malformed values, duplicates, an ID number that is filled in but invalid); submit mode reports every rule.
 *
 * Pure module: no I/O, no Node built-ins, no clock, no Intl (safe inside Temporal workflow code).
 */
import { DomainError, validationFailed } from '../shared/domain-error';
import { DecisionCatalogue, Measure, S002, SeverityLevel, cite, getCatalogue } from './catalogue';
import { isPlausibleOtherIdNumber, isValidPrcIdNumber } from './id-number';

export type DecisionResult = 'misconduct' | 'no_misconduct' | 'other';
export const DECISION_RESULTS: readonly DecisionResult[] = Object.freeze(['misconduct', 'no_misconduct', 'other'] as DecisionResult[]);

/**
 * [decision] Kind of identity document. Absent = 'prc_resident_id' (18-character 居民身份证号码, check digit verified).
 * 'other' = passport, Hong Kong/Macao/Taiwan permit, foreign ID (4–30 letters/digits/-/()) — papers have foreign co-authors
 * and the 002 form's field is 证件号码 (any document), not 身份证号.
 */
export type IdType = 'prc_resident_id' | 'other';
export const ID_TYPES: readonly IdType[] = Object.freeze(['prc_resident_id', 'other'] as IdType[]);

export interface MeasureEntry {
  /** Measure code from the catalogue ('1'…). */
  code: string;
  /** Period in whole years, for measures that carry one. */
  years?: number;
  /** Permanent (直至永久), only where the measure and the severity level allow it. */
  permanent?: boolean;
  /** Free text, for measures that require it (其他处理). */
  text?: string;
}

export interface AuthorEntry {
  /** Byline position, 1-based (002: 按署名顺序依次填写). */
  order: number;
  name: string;
  organisation: string;
  idNumber: string;
  idType?: IdType;
  /** 处罚 是/否. */
  penalise: boolean;
  misconductTypes: string[];
  severity?: string;
  measures: MeasureEntry[];
  mitigating: string[];
  aggravating: string[];
}

export interface DecisionForm {
  /** 是否存在科研失信行为: 是 / 否 / 其他情况. */
  result: DecisionResult;
  /** Required when result is 'other' (其他情况). */
  otherText?: string;
  authors: AuthorEntry[];
}

export type ValidationMode = 'draft' | 'submit';

export type DecisionRuleId =
  // structural (draft and submit)
  | 'form.malformed'
  | 'field.type'
  | 'result.invalid'
  | 'author.order_invalid'
  | 'author.id_type_invalid'
  | 'author.id_number_invalid'
  | 'type.unknown'
  | 'type.duplicate'
  | 'severity.unknown'
  | 'measure.unknown'
  | 'measure.duplicate'
  | 'measure.years_invalid'
  | 'factor.unknown'
  | 'factor.duplicate'
  // submit only
  | 'result.other_text_required'
  | 'result.other_text_unexpected'
  | 'result.misconduct_requires_type'
  | 'result.no_misconduct_penalised'
  | 'result.no_misconduct_types'
  | 'authors.order_duplicate'
  | 'authors.order_not_consecutive'
  | 'author.name_required'
  | 'author.organisation_required'
  | 'author.id_number_required'
  | 'penalise.types_required'
  | 'penalise.severity_required'
  | 'penalise.severity_not_allowed'
  | 'penalise.measures_not_allowed'
  | 'severity.type_floor'
  | 'severity.aggravating_floor'
  | 'severity.measure_required'
  | 'measure.not_in_level'
  | 'measure.period_required'
  | 'measure.period_not_applicable'
  | 'measure.period_conflict'
  | 'measure.period_out_of_range'
  | 'measure.permanent_not_allowed'
  | 'measure.requires_registry'
  | 'measure.requires_companion'
  | 'measure.text_required'
  | 'measure.text_not_applicable';

/** Every rule and the mode from which it applies ('draft' rules apply in submit mode too). */
export const DECISION_RULES: Readonly<Record<DecisionRuleId, ValidationMode>> = Object.freeze({
  'form.malformed': 'draft',
  'field.type': 'draft',
  'result.invalid': 'draft',
  'author.order_invalid': 'draft',
  'author.id_type_invalid': 'draft',
  'author.id_number_invalid': 'draft',
  'type.unknown': 'draft',
  'type.duplicate': 'draft',
  'severity.unknown': 'draft',
  'measure.unknown': 'draft',
  'measure.duplicate': 'draft',
  'measure.years_invalid': 'draft',
  'factor.unknown': 'draft',
  'factor.duplicate': 'draft',
  'result.other_text_required': 'submit',
  'result.other_text_unexpected': 'submit',
  'result.misconduct_requires_type': 'submit',
  'result.no_misconduct_penalised': 'submit',
  'result.no_misconduct_types': 'submit',
  'authors.order_duplicate': 'submit',
  'authors.order_not_consecutive': 'submit',
  'author.name_required': 'submit',
  'author.organisation_required': 'submit',
  'author.id_number_required': 'submit',
  'penalise.types_required': 'submit',
  'penalise.severity_required': 'submit',
  'penalise.severity_not_allowed': 'submit',
  'penalise.measures_not_allowed': 'submit',
  'severity.type_floor': 'submit',
  'severity.aggravating_floor': 'submit',
  'severity.measure_required': 'submit',
  'measure.not_in_level': 'submit',
  'measure.period_required': 'submit',
  'measure.period_not_applicable': 'submit',
  'measure.period_conflict': 'submit',
  'measure.period_out_of_range': 'submit',
  'measure.permanent_not_allowed': 'submit',
  'measure.requires_registry': 'submit',
  'measure.requires_companion': 'submit',
  'measure.text_required': 'submit',
  'measure.text_not_applicable': 'submit',
});

export interface DecisionIssue {
  /** e.g. 'authors[1].measures[0].years' (0-based indexes); '' for the whole form. */
  path: string;
  rule: DecisionRuleId;
  /** e.g. '003 art.32'; 'GB 11643' for ID numbers; '002 form' for the form's own structure. */
  article: string;
  /** Clear English with the Chinese term. */
  message: string;
}

export interface ValidateOptions {
  mode: ValidationMode;
}

const FORM = `${S002.slice(0, 3)} form`;
const DECISION = 'RULES §4 [decision]';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const filled = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const list = (codes: readonly string[]): string => codes.map((c) => `(${c})`).join(', ');

/**
 * Validates `form` against the catalogue of `profileCode` (throws POLICY_PROFILE_UNKNOWN for an unknown profile).
 * Returns every issue found, in form order; [] means valid for the mode.
 */
export function validateDecisionForm(profileCode: string, form: DecisionForm, options: ValidateOptions): DecisionIssue[] {
  const cat = getCatalogue(profileCode);
  const submit = options?.mode === 'submit';
  const issues: DecisionIssue[] = [];
  const add = (path: string, rule: DecisionRuleId, article: string, message: string): void => {
    issues.push({ path, rule, article, message });
  };

  if (!isObj(form)) {
    add('', 'form.malformed', FORM, 'The decision form must be an object (办理结果).');
    return issues;
  }
  const f = form as unknown as Obj;

  // --- result -------------------------------------------------------------------------------------------------
  const result = f.result;
  const resultOk = typeof result === 'string' && (DECISION_RESULTS as readonly string[]).includes(result);
  if (!resultOk) {
    add('result', 'result.invalid', FORM, `Result must be one of ${DECISION_RESULTS.join(', ')} (是否存在科研失信行为: 是/否/其他情况).`);
  }
  if (f.otherText !== undefined && typeof f.otherText !== 'string') {
    add('otherText', 'field.type', FORM, 'otherText must be a string (其他情况说明).');
  }
  if (submit) {
    if (result === 'other' && !filled(f.otherText)) {
      add('otherText', 'result.other_text_required', FORM, 'Result "other" needs a description (其他情况: 需填写具体情况).');
    } else if (resultOk && result !== 'other' && filled(f.otherText)) {
      add(
        'otherText',
        'result.other_text_unexpected',
        DECISION,
        'A description is only given when the result is "other" (其他情况); clear it or change the result.',
      );
    }
  }

  // --- authors ------------------------------------------------------------------------------------------------
  if (!Array.isArray(f.authors)) {
    add('authors', 'form.malformed', FORM, 'authors must be an array, in byline order (作者按署名顺序依次填写).');
    return issues;
  }
  const authors = f.authors as unknown[];
  const validOrders: Array<{ i: number; order: number }> = [];
  let anyTypes = false;

  authors.forEach((raw, i) => {
    const p = `authors[${i}]`;
    if (!isObj(raw)) {
      add(p, 'field.type', FORM, `Author ${i + 1} must be an object (作者信息).`);
      return;
    }
    const a = raw;
    // identity
    if (!isPosInt(a.order)) {
      add(`${p}.order`, 'author.order_invalid', FORM, 'Byline position must be a whole number from 1 (署名顺序).');
    } else {
      validOrders.push({ i, order: a.order });
    }
    for (const [key, zh, rule] of [
      ['name', '作者姓名', 'author.name_required'],
      ['organisation', '机构', 'author.organisation_required'],
    ] as const) {
      if (a[key] !== undefined && typeof a[key] !== 'string') add(`${p}.${key}`, 'field.type', FORM, `${key} must be a string (${zh}).`);
      else if (submit && !filled(a[key])) add(`${p}.${key}`, rule, FORM, `The author's ${key} is required (${zh}).`);
    }
    checkIdNumber(a, p, submit, add);

    // penalty fields: structure
    if (typeof a.penalise !== 'boolean') add(`${p}.penalise`, 'field.type', FORM, 'penalise must be true or false (处罚: 是/否).');
    const types = codeList(a, 'misconductTypes', p, cat.misconductTypes, 'type', cat.refs.types, '失信行为类型', add);
    if (types.length > 0) anyTypes = true;

    let level: SeverityLevel | undefined;
    const sevPresent = a.severity !== undefined && a.severity !== null && a.severity !== '';
    if (sevPresent) {
      if (typeof a.severity !== 'string') {
        add(`${p}.severity`, 'field.type', FORM, 'severity must be a level code string (情节轻重).');
      } else {
        level = cat.severityLevels.find((l) => l.code === a.severity);
        if (!level) {
          add(
            `${p}.severity`,
            'severity.unknown',
            cat.refs.severity,
            `Unknown severity level "${a.severity}"; expected ${list(cat.severityLevels.map((l) => l.code))} (情节轻重).`,
          );
        }
      }
    }

    const measures = measureList(a, p, cat, add);
    codeList(a, 'mitigating', p, cat.mitigatingFactors, 'factor', cat.refs.mitigating, '从轻处理情形', add);
    const aggravating = codeList(a, 'aggravating', p, cat.aggravatingFactors, 'factor', cat.refs.aggravating, '从重处理情形', add);

    if (!submit) return;

    // --- submit rules per author ------------------------------------------------------------------------------
    if (result === 'no_misconduct') {
      if (a.penalise === true) {
        add(
          `${p}.penalise`,
          'result.no_misconduct_penalised',
          FORM,
          'No author may be penalised when the result is "no misconduct" (否: 不存在科研失信行为).',
        );
      }
      if (types.length > 0) {
        add(
          `${p}.misconductTypes`,
          'result.no_misconduct_types',
          DECISION,
          'No misconduct type may be recorded when the result is "no misconduct" (否).',
        );
      }
    }

    if (a.penalise === false) {
      if (sevPresent)
        add(
          `${p}.severity`,
          'penalise.severity_not_allowed',
          FORM,
          'An author who is not penalised (处罚: 否) has no severity level (情节轻重).',
        );
      if (measures.length > 0)
        add(
          `${p}.measures`,
          'penalise.measures_not_allowed',
          FORM,
          'An author who is not penalised (处罚: 否) has no measures (处理措施).',
        );
      return;
    }
    if (a.penalise !== true) return;

    if (types.length === 0) {
      add(
        `${p}.misconductTypes`,
        'penalise.types_required',
        cat.refs.types,
        'A penalised author needs at least one misconduct type (此作者属于哪类失信行为?).',
      );
    }
    if (!sevPresent) {
      add(
        `${p}.severity`,
        'penalise.severity_required',
        cat.refs.severity,
        'A penalised author needs a severity level (视情节轻重给予以下哪类处理?).',
      );
    }

    const floor = cat.severityFloor;
    const floorLevel = cat.severityLevels.find((l) => l.code === floor.minSeverity)!;
    if (level) {
      const floorTypes = types.filter((t) => floor.types.includes(t));
      if (floorTypes.length > 0 && level.rank < floorLevel.rank) {
        add(
          `${p}.severity`,
          'severity.type_floor',
          cite(floor.source, floor.article),
          `Misconduct type ${list(floorTypes)} requires severity (${floorLevel.code}) ${floorLevel.zh} or higher (处理不应低于第${floorLevel.code}项规定的尺度); got (${level.code}) ${level.zh}.`,
        );
      }
      const af = cat.aggravatingFloor;
      if (af && aggravating.length > 0) {
        const afLevel = cat.severityLevels.find((l) => l.code === af.minSeverity)!;
        if (level.rank < afLevel.rank) {
          add(
            `${p}.severity`,
            'severity.aggravating_floor',
            cite(af.source, af.article),
            `Aggravating factor ${list(aggravating)} makes the conduct at least (${afLevel.code}) ${afLevel.zh} (从重情形: 认定为情节较重或严重); got (${level.code}) ${level.zh}.`,
          );
        }
      }
      if (measures.length === 0) {
        add(
          `${p}.measures`,
          'severity.measure_required',
          cite(level.source, level.article),
          `Severity (${level.code}) ${level.zh} needs at least one measure from ${list(level.allowedMeasures)} (处理措施).`,
        );
      }
    }

    const chosen = new Set(measures.map((m) => m.entry.code));
    const missingCompanions = new Map<string, { triggers: string[]; measure: Measure }>();
    for (const { j, entry, def } of measures) {
      const mp = `${p}.measures[${j}]`;
      if (level && !level.allowedMeasures.includes(def.code)) {
        add(
          `${mp}.code`,
          'measure.not_in_level',
          cite(level.source, level.article),
          `Measure (${def.code}) ${def.zh} is not allowed at severity (${level.code}) ${level.zh}; allowed: ${list(level.allowedMeasures)}.`,
        );
      }
      checkPeriod(entry, def, level, mp, cat, add);
      if (def.requiresText && !filled(entry.text)) {
        add(
          `${mp}.text`,
          'measure.text_required',
          cite(def.source, def.article),
          `Measure (${def.code}) ${def.zh} needs a description (需填写具体情况).`,
        );
      } else if (!def.requiresText && filled(entry.text)) {
        add(
          `${mp}.text`,
          'measure.text_not_applicable',
          DECISION,
          `Measure (${def.code}) ${def.zh} takes no free text; only "other" measures do (其他处理).`,
        );
      }
      for (const c of def.requiresMeasures) {
        if (chosen.has(c)) continue;
        const miss = missingCompanions.get(c);
        if (miss) miss.triggers.push(def.code);
        else missingCompanions.set(c, { triggers: [def.code], measure: def });
      }
    }
    for (const [code, { triggers, measure }] of missingCompanions) {
      const companion = cat.measures.find((m) => m.code === code)!;
      const registry = code === cat.registryMeasure;
      add(
        `${p}.measures`,
        registry ? 'measure.requires_registry' : 'measure.requires_companion',
        cite(measure.source, measure.requiresArticle ?? measure.article),
        `Measure ${list(triggers)} must be combined with measure (${code}) ${companion.zh} (应同时给予).`,
      );
    }
  });

  if (!submit) return issues;

  // --- submit rules across authors ------------------------------------------------------------------------------
  if (result === 'misconduct' && !anyTypes) {
    add(
      'authors',
      'result.misconduct_requires_type',
      DECISION,
      'Result "misconduct" (是) needs at least one author with a misconduct type (失信行为类型).',
    );
  }
  const seen = new Map<number, number>();
  for (const { i, order } of validOrders) {
    if (seen.has(order)) {
      add(
        `authors[${i}].order`,
        'authors.order_duplicate',
        FORM,
        `Byline position ${order} is already used by authors[${seen.get(order)}] (署名顺序不得重复).`,
      );
    } else {
      seen.set(order, i);
    }
  }
  const distinct = [...seen.keys()].sort((x, y) => x - y);
  const missing: number[] = [];
  for (let k = 1, idx = 0; idx < distinct.length; k++) {
    if (distinct[idx] === k) idx++;
    else missing.push(k);
  }
  if (missing.length > 0) {
    add(
      'authors',
      'authors.order_not_consecutive',
      FORM,
      `Byline positions must run 1, 2, 3… without gaps; missing ${missing.join(', ')} (按署名顺序依次填写).`,
    );
  }
  return issues;
}

type Add = (path: string, rule: DecisionRuleId, article: string, message: string) => void;

function checkIdNumber(a: Obj, p: string, submit: boolean, add: Add): void {
  let idType: IdType = 'prc_resident_id';
  if (a.idType !== undefined) {
    if (typeof a.idType === 'string' && (ID_TYPES as readonly string[]).includes(a.idType)) idType = a.idType as IdType;
    else {
      add(`${p}.idType`, 'author.id_type_invalid', DECISION, `idType must be one of ${ID_TYPES.join(', ')} (证件类型).`);
      return;
    }
  }
  if (a.idNumber !== undefined && typeof a.idNumber !== 'string') {
    add(`${p}.idNumber`, 'field.type', FORM, 'idNumber must be a string (证件号码).');
    return;
  }
  const id = typeof a.idNumber === 'string' ? a.idNumber.trim() : '';
  if (id === '') {
    if (submit) add(`${p}.idNumber`, 'author.id_number_required', FORM, "The author's ID number is required (证件号码).");
    return;
  }
  if (idType === 'prc_resident_id' && !isValidPrcIdNumber(id)) {
    add(
      `${p}.idNumber`,
      'author.id_number_invalid',
      'GB 11643',
      'Not a valid 18-character PRC resident ID number: structure, birth date or check digit is wrong (公民身份号码校验码).',
    );
  } else if (idType === 'other' && !isPlausibleOtherIdNumber(id)) {
    add(`${p}.idNumber`, 'author.id_number_invalid', DECISION, 'Document number must be 4–30 letters, digits, "-" or "()" (证件号码).');
  }
}

/** Validates a list of catalogue codes (structure, unknown, duplicates); returns the distinct known codes. */
function codeList(
  a: Obj,
  key: 'misconductTypes' | 'mitigating' | 'aggravating',
  p: string,
  known: readonly { code: string }[],
  kind: 'type' | 'factor',
  article: string,
  zh: string,
  add: Add,
): string[] {
  const v = a[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    add(`${p}.${key}`, 'field.type', FORM, `${key} must be an array of codes (${zh}).`);
    return [];
  }
  const out: string[] = [];
  v.forEach((c, k) => {
    const cp = `${p}.${key}[${k}]`;
    if (typeof c !== 'string' || !known.some((e) => e.code === c)) {
      add(
        cp,
        kind === 'type' ? 'type.unknown' : 'factor.unknown',
        article,
        `Unknown ${zh} code ${JSON.stringify(c)}; expected ${list(known.map((e) => e.code))}.`,
      );
    } else if (out.includes(c)) {
      add(cp, kind === 'type' ? 'type.duplicate' : 'factor.duplicate', article, `${zh} (${c}) is selected twice.`);
    } else {
      out.push(c);
    }
  });
  return out;
}

interface KnownMeasure {
  j: number;
  entry: MeasureEntry;
  def: Measure;
}

/** Validates the measures' structure; returns the well-formed, known, first-occurrence entries. */
function measureList(a: Obj, p: string, cat: DecisionCatalogue, add: Add): KnownMeasure[] {
  const v = a.measures;
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    add(`${p}.measures`, 'field.type', FORM, 'measures must be an array (处理措施).');
    return [];
  }
  const out: KnownMeasure[] = [];
  v.forEach((m, j) => {
    const mp = `${p}.measures[${j}]`;
    if (!isObj(m)) {
      add(mp, 'field.type', FORM, 'A measure must be an object { code, years?, permanent?, text? } (处理措施).');
      return;
    }
    let ok = true;
    const def = typeof m.code === 'string' ? cat.measures.find((d) => d.code === m.code) : undefined;
    if (!def) {
      add(
        `${mp}.code`,
        'measure.unknown',
        cat.refs.measures,
        `Unknown measure code ${JSON.stringify(m.code)}; expected ${list(cat.measures.map((d) => d.code))} (处理措施).`,
      );
      ok = false;
    } else if (out.some((o) => o.def.code === def.code)) {
      add(`${mp}.code`, 'measure.duplicate', cat.refs.measures, `Measure (${def.code}) ${def.zh} is selected twice.`);
      ok = false;
    }
    if (m.years !== undefined && !isPosInt(m.years)) {
      add(`${mp}.years`, 'measure.years_invalid', DECISION, 'A period is a whole number of years, at least 1 (期限, 年).');
      ok = false;
    }
    if (m.permanent !== undefined && typeof m.permanent !== 'boolean') {
      add(`${mp}.permanent`, 'field.type', FORM, 'permanent must be true or false (永久).');
      ok = false;
    }
    if (m.text !== undefined && typeof m.text !== 'string') {
      add(`${mp}.text`, 'field.type', FORM, 'text must be a string (具体情况).');
      ok = false;
    }
    if (def && ok) out.push({ j, entry: m as unknown as MeasureEntry, def });
  });
  return out;
}

function checkPeriod(
  entry: MeasureEntry,
  def: Measure,
  level: SeverityLevel | undefined,
  mp: string,
  cat: DecisionCatalogue,
  add: Add,
): void {
  const hasYears = entry.years !== undefined;
  const permanent = entry.permanent === true;
  const art = cite(def.source, def.article);
  if (!def.carriesPeriod) {
    if (hasYears) add(`${mp}.years`, 'measure.period_not_applicable', art, `Measure (${def.code}) ${def.zh} carries no period (期限).`);
    if (permanent)
      add(
        `${mp}.permanent`,
        'measure.period_not_applicable',
        art,
        `Measure (${def.code}) ${def.zh} carries no period, so it cannot be permanent (永久).`,
      );
    return;
  }
  if (hasYears && permanent) {
    add(
      `${mp}.permanent`,
      'measure.period_conflict',
      DECISION,
      `Measure (${def.code}): give either a period in years or "permanent" (永久), not both.`,
    );
    return;
  }
  if (permanent) {
    if (!def.permanentAllowed) {
      add(`${mp}.permanent`, 'measure.permanent_not_allowed', art, `Measure (${def.code}) ${def.zh} cannot be permanent (不得永久).`);
    } else if (level && !level.permanentAllowed) {
      const top = cat.severityLevels.filter((l) => l.permanentAllowed).map((l) => `(${l.code}) ${l.zh}`);
      add(
        `${mp}.permanent`,
        'measure.permanent_not_allowed',
        cite(level.source, level.article),
        `A permanent period (直至永久) is allowed only at ${top.join(', ')}; got (${level.code}) ${level.zh}.`,
      );
    }
    return;
  }
  if (!hasYears) {
    if (def.periodRequired) {
      add(
        `${mp}.years`,
        'measure.period_required',
        art,
        `Measure (${def.code}) ${def.zh} needs a period in years${def.permanentAllowed ? ' or "permanent"' : ''} (期限).`,
      );
    }
    return;
  }
  if (level) {
    const y = entry.years as number;
    if (y < level.minYears || (level.maxYears !== null && y > level.maxYears)) {
      const range = level.maxYears === null ? `at least ${level.minYears} years` : `${level.minYears}–${level.maxYears} years`;
      add(
        `${mp}.years`,
        'measure.period_out_of_range',
        cite(level.source, level.article),
        `At severity (${level.code}) ${level.zh} a period is ${range}; got ${y} (期限).`,
      );
    }
  }
}

/** The penalty fields of an author, copied by `applyToAuthors`. */
export type PenaltyFields = Pick<AuthorEntry, 'penalise' | 'misconductTypes' | 'severity' | 'measures' | 'mitigating' | 'aggravating'>;

/**
 * "Several authors with identical measures can be filled in one step" (002: 多名作者处罚措施相同,可多选后一次性填写).
 * Returns a new form in which every author whose byline `order` is in `orders` gets a copy of `entry`'s penalty fields
 * (penalise, misconductTypes, severity, measures, mitigating, aggravating); identity fields (order, name, organisation,
 * idNumber, idType) and all other authors are unchanged. Nothing is shared with `entry` or the input form.
 * Throws DomainError VALIDATION_FAILED if an order matches no author. No validation of the copied values.
 */
export function applyToAuthors(form: DecisionForm, orders: readonly number[], entry: PenaltyFields): DecisionForm {
  const present = new Set(form.authors.map((a) => a.order));
  const unknown = orders.filter((o) => !present.has(o));
  if (unknown.length > 0) {
    throw validationFailed(
      unknown.map((o) => ({
        path: `orders[${orders.indexOf(o)}]`,
        rule: 'author.order_unknown',
        article: FORM,
        message: `no author with byline position ${o}`,
      })),
      { unknownOrders: unknown },
    );
  }
  const targets = new Set(orders);
  return {
    ...form,
    authors: form.authors.map((a) => {
      const copy: AuthorEntry = {
        ...a,
        misconductTypes: [...a.misconductTypes],
        measures: a.measures.map((m) => ({ ...m })),
        mitigating: [...a.mitigating],
        aggravating: [...a.aggravating],
      };
      if (!targets.has(a.order)) return copy;
      const out: AuthorEntry = {
        ...copy,
        penalise: entry.penalise,
        misconductTypes: [...entry.misconductTypes],
        measures: entry.measures.map((m) => ({ ...m })),
        mitigating: [...entry.mitigating],
        aggravating: [...entry.aggravating],
      };
      if (entry.severity === undefined) delete out.severity;
      else out.severity = entry.severity;
      return out;
    }),
  };
}
