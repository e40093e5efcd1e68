/**
 * Entries of the misconduct-person database registered by hand (issue 22 point 2; 004 二(三): the provincial database is
 * maintained by hand as well, and a penalty reported through the national system is registered there before it is
 * formally submitted), pure.
 *
 * - `manualEntryIssues`: the measures are read against the entry's own profile's catalogue, as a decision's are: a known
 *   code; a period (whole years, or permanent) exactly where the measure carries one (required where the catalogue
 *   requires it); permanent only where the measure and the severity level allow it; the years within the severity
 *   level's bounds when a level is given; free text where the measure needs it (其他处理). The person's ID number is a
 *   GB 11643 number (or a plausible other document, as the decision form takes it).
 * - `pickManualEntry`: when a decision of the system takes effect, each of its registry entries first takes over the
 *   hand-registered entry it answers, so the person has one entry, not two. [decision] An entry answers a decision
 *   when it is the same person (ID number), the same catalogue and the same measure, is not yet tied to a decision
 *   and not revoked, and was registered in advance of that decision: it names the decision's case, or it was marked
 *   `awaitsDecision` without naming a case. A penalty decided elsewhere (not awaiting a decision here) is never merged.
 *   Among several, the one naming the case first, then the oldest.
 */
import { isValidIsoDate, type IsoDate } from '../calendar';
import { CATALOGUES, cite } from '../decision/catalogue';
import { isPlausibleOtherIdNumber, isValidPrcIdNumber } from '../decision/id-number';
import type { Issue } from '../shared';

export interface ManualMeasure {
  code: string;
  years?: number;
  permanent?: boolean;
  text?: string;
}

export interface ManualEntryInput {
  profile: string;
  idType: 'prc_resident_id' | 'other';
  idNumber: string;
  severity?: string;
  startsOn: IsoDate;
  measures: ManualMeasure[];
}

/** Every problem of a hand registration at once (path, rule, article), empty when it is acceptable. */
export function manualEntryIssues(e: ManualEntryInput): Issue[] {
  const issues: Issue[] = [];
  const catalogue = Object.prototype.hasOwnProperty.call(CATALOGUES, e.profile) ? CATALOGUES[e.profile] : undefined;
  if (!catalogue) {
    return [
      {
        path: 'profile',
        rule: 'known_profile',
        message: `no catalogue for policy profile "${e.profile}"; known: ${Object.keys(CATALOGUES).join(', ')}`,
      },
    ];
  }
  if (e.idType === 'prc_resident_id' ? !isValidPrcIdNumber(e.idNumber) : !isPlausibleOtherIdNumber(e.idNumber)) {
    issues.push({
      path: 'person.idNumber',
      rule: 'id_number',
      message:
        e.idType === 'prc_resident_id'
          ? 'not a valid 18-character resident ID number (GB 11643: birth date and check character)'
          : '4–30 letters, digits, "-", "(" or ")"',
    });
  }
  if (!isValidIsoDate(e.startsOn)) issues.push({ path: 'startsOn', rule: 'date', message: 'must be a date YYYY-MM-DD' });
  const level = e.severity === undefined ? undefined : catalogue.severityLevels.find((l) => l.code === e.severity);
  if (e.severity !== undefined && !level) {
    issues.push({
      path: 'severity',
      rule: 'catalogue.severity',
      article: catalogue.refs.severity,
      message: `severity ${e.severity} is not a level of ${e.profile} (${catalogue.refs.severity})`,
    });
  }
  const seen = new Set<string>();
  e.measures.forEach((m, i) => {
    const p = `measures[${i}]`;
    const measure = catalogue.measures.find((x) => x.code === m.code);
    if (!measure) {
      issues.push({
        path: `${p}.code`,
        rule: 'catalogue.measure',
        article: catalogue.refs.measures,
        message: `measure ${m.code} is not a measure of ${e.profile} (${catalogue.refs.measures})`,
      });
      return;
    }
    const article = cite(measure.source, measure.article);
    if (seen.has(m.code)) issues.push({ path: `${p}.code`, rule: 'unique', message: `measure ${m.code} is given twice` });
    seen.add(m.code);
    if (level && !level.allowedMeasures.includes(m.code)) {
      issues.push({
        path: `${p}.code`,
        rule: 'severity.measure',
        article: cite(level.source, level.article),
        message: `measure ${m.code} is not allowed at severity ${level.code} (${level.zh})`,
      });
    }
    const hasYears = m.years !== undefined;
    if ((hasYears || m.permanent) && !measure.carriesPeriod) {
      issues.push({
        path: `${p}.${hasYears ? 'years' : 'permanent'}`,
        rule: 'measure.no_period',
        article,
        message: `measure ${m.code} (${measure.zh}) carries no period`,
      });
    }
    if (hasYears && m.permanent) issues.push({ path: `${p}.permanent`, rule: 'one_of', message: 'give years or permanent, not both' });
    if (measure.carriesPeriod && measure.periodRequired && !hasYears && !m.permanent) {
      issues.push({
        path: `${p}.years`,
        rule: 'measure.period_required',
        article,
        message: `measure ${m.code} (${measure.zh}) needs a period: years, or permanent where allowed`,
      });
    }
    if (m.permanent && measure.carriesPeriod && (!measure.permanentAllowed || (level && !level.permanentAllowed))) {
      issues.push({
        path: `${p}.permanent`,
        rule: 'measure.permanent',
        article: level ? cite(level.source, level.article) : article,
        message: `measure ${m.code} may not be permanent${level ? ` at severity ${level.code} (${level.zh})` : ''}`,
      });
    }
    if (hasYears && measure.carriesPeriod) {
      if (!Number.isInteger(m.years) || m.years! < 1 || m.years! > 50)
        issues.push({ path: `${p}.years`, rule: 'years', message: 'whole years, 1–50' });
      else if (level && (m.years! < level.minYears || (level.maxYears !== null && m.years! > level.maxYears))) {
        issues.push({
          path: `${p}.years`,
          rule: 'severity.years',
          article: cite(level.source, level.article),
          message: `at severity ${level.code} (${level.zh}) a period is ${level.minYears}–${level.maxYears ?? '∞'} years`,
        });
      }
    }
    if (measure.requiresText && !(m.text ?? '').trim())
      issues.push({
        path: `${p}.text`,
        rule: 'measure.text_required',
        article,
        message: `measure ${m.code} (${measure.zh}) needs a description`,
      });
  });
  return issues;
}

/** A hand-registered entry, as reconciliation sees it. */
export interface ManualCandidate {
  id: string;
  profile: string;
  measure: string;
  status: string;
  /** Already tied to a decision of the system. */
  decisionId: string | null;
  /** The case whose decision it was registered in advance of, if it names one. */
  expectedCaseId: string | null;
  awaitsDecision: boolean;
  createdAt: string;
}

/** The hand-registered entry a decision's entry (`caseId`, `profile`, `measure`) takes over, or null (see above). */
export function pickManualEntry<C extends ManualCandidate>(
  candidates: readonly C[],
  target: { caseId: string; profile: string; measure: string },
): C | null {
  const eligible = candidates.filter(
    (c) =>
      c.decisionId === null &&
      c.status !== 'revoked' &&
      c.profile === target.profile &&
      c.measure === target.measure &&
      (c.expectedCaseId === target.caseId || (c.expectedCaseId === null && c.awaitsDecision)),
  );
  eligible.sort(
    (a, b) =>
      Number(b.expectedCaseId === target.caseId) - Number(a.expectedCaseId === target.caseId) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
  return eligible[0] ?? null;
}
