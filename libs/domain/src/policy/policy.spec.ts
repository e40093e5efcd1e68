/**
 * Policy profiles against RULES.md §3 (table) and the seeds:
 *   003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import { WorkingCalendar, chineseDaysCalendarYears, computeDeadline } from '../calendar';
import {
  DEADLINE_KINDS,
  DEFAULT_POLICY_PROFILE,
  DeadlineKind,
  POLICY_PROFILES,
  PolicyProfileUnknownError,
  deadlineRule,
  getPolicyProfile,
} from './index';
import { DomainError } from '../shared/domain-error';

type Row = [DeadlineKind, number, 'working_days' | 'days' | 'months', string, boolean];

// [kind, amount, unit, article, decision] — straight from RULES.md §3
const NATIONAL: Row[] = [
  ['acceptance', 15, 'working_days', 'art.14', false],
  ['investigation', 6, 'months', 'art.25', false],
  ['extension_cap', 6, 'months', 'art.25', false],
  ['participating_units_notice', 15, 'working_days', 'art.24', false],
  ['defence', 5, 'working_days', 'art.27', true],
  ['registry_report', 10, 'working_days', 'art.36', false],
  ['review_application', 15, 'working_days', 'art.41', false],
  ['review_acceptance', 15, 'working_days', 'art.41', true],
  ['review', 90, 'working_days', 'art.43', false],
  ['appeal_application', 15, 'working_days', 'art.42', true],
  ['appeal_acceptance', 15, 'working_days', 'art.42', false],
  ['appeal', 90, 'working_days', 'art.43', false],
  ['lead_triage', 15, 'working_days', '二(一)', true],
];

const HENAN: Row[] = [
  ['acceptance', 15, 'working_days', 'art.14', false],
  ['reporter_notice', 5, 'working_days', 'art.14', false],
  ['investigation', 6, 'months', 'art.25', false],
  ['extension_cap', 12, 'months', 'art.25', false],
  ['defence', 5, 'working_days', 'art.31', true],
  ['registry_report', 1, 'months', 'art.40', false],
  ['review_application', 15, 'days', 'art.44', false],
  ['review_acceptance', 15, 'working_days', 'art.44', false],
  ['review', 90, 'working_days', 'art.46', false],
  ['appeal_application', 15, 'working_days', 'art.45', true],
  ['appeal_acceptance', 15, 'working_days', 'art.45', false],
  ['appeal', 90, 'working_days', 'art.46', false],
  ['lead_triage', 15, 'working_days', '二(一)', true],
];

describe.each([
  ['national-2022', NATIONAL, '003_4e9e56e49ac7f018.txt'],
  ['henan-2021', HENAN, '001_bc0ff0bc5a500df1.txt'],
])('%s', (code, rows, seed) => {
  const profile = getPolicyProfile(code);

  it.each(rows)('%s = %i %s (%s)', (kind, amount, unit, article, decision) => {
    const r = deadlineRule(profile, kind)!;
    expect(r).toBeDefined();
    expect(r.kind).toBe(kind);
    expect(r.period).toEqual({ amount, unit });
    expect(r.article).toBe(article);
    // A lead's triage (issue 22) comes from 004 (leads) in every profile: a product decision, the seeds set no period.
    expect(r.source).toBe(kind === 'lead_triage' ? '004_6e9d7c17b611781a.txt' : seed);
    expect(r.decision === true).toBe(decision);
    expect(r.label.zh.length).toBeGreaterThan(0);
    expect(r.label.en.length).toBeGreaterThan(0);
  });

  it('defines exactly the kinds RULES.md lists for it', () => {
    expect(Object.keys(profile.deadlines).sort()).toEqual(rows.map((r) => r[0]).sort());
    for (const k of Object.keys(profile.deadlines)) expect(DEADLINE_KINDS).toContain(k);
  });

  it('is frozen data', () => {
    expect(Object.isFrozen(profile)).toBe(true);
    expect(Object.isFrozen(profile.deadlines.acceptance!.period)).toBe(true);
    expect(() => {
      (profile.deadlines.acceptance!.period as { amount: number }).amount = 99;
    }).toThrow(TypeError);
  });

  it('every rule period is usable by computeDeadline', () => {
    const cal = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
    for (const r of Object.values(profile.deadlines)) expect(() => computeDeadline(cal, '2026-03-02', r!.period)).not.toThrow();
  });
});

describe('differences between the profiles are data', () => {
  const national = getPolicyProfile('national-2022');
  const henan = getPolicyProfile('henan-2021');

  it('henan has no participating-units notice; national has no separate reporter notice', () => {
    expect(deadlineRule(henan, 'participating_units_notice')).toBeUndefined();
    expect('participating_units_notice' in henan.deadlines).toBe(false);
    expect(deadlineRule(national, 'participating_units_notice')).toMatchObject({
      period: { amount: 15, unit: 'working_days' },
      article: 'art.24',
    });
    expect(deadlineRule(national, 'reporter_notice')).toBeUndefined();
    expect(deadlineRule(henan, 'reporter_notice')).toMatchObject({ period: { amount: 5, unit: 'working_days' } });
  });

  it('henan review application is 15 calendar days (001 art.44 "15日内"), national 15 working days (003 art.41)', () => {
    expect(henan.deadlines.review_application!.period).toEqual({ amount: 15, unit: 'days' });
    expect(national.deadlines.review_application!.period).toEqual({ amount: 15, unit: 'working_days' });
    // same trigger day, different due days: 2026-09-20 + 15 days = 10/5 (国庆) → 10/8;
    // + 15 working days: 9/21–9/24 (1–4), 9/25 中秋, 9/28–9/30 (5–7), 10/8, 10/9, Sat 10/10 (8–10), 10/12–10/16 (11–15)
    const cal = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
    expect(computeDeadline(cal, '2026-09-20', henan.deadlines.review_application!.period).dueDate).toBe('2026-10-08');
    expect(computeDeadline(cal, '2026-09-20', national.deadlines.review_application!.period).dueDate).toBe('2026-10-16');
  });

  it('extension caps: national 6 months, henan 1 year (art.25 each)', () => {
    expect(national.deadlines.extension_cap!.period).toEqual({ amount: 6, unit: 'months' });
    expect(henan.deadlines.extension_cap!.period).toEqual({ amount: 12, unit: 'months' });
  });

  it('registry report: national 10 working days (003 art.36), henan 1 month (001 art.40)', () => {
    expect(national.deadlines.registry_report!.period).toEqual({ amount: 10, unit: 'working_days' });
    expect(henan.deadlines.registry_report!.period).toEqual({ amount: 1, unit: 'months' });
  });

  it('investigation team rules', () => {
    expect(henan.investigation).toEqual({ teamMin: 3, expertPanelMin: 5, interviewersMin: 2, planApprovalRequired: true });
    expect(national.investigation).toEqual({ teamMin: 2, expertPanelMin: 5, interviewersMin: 2, planApprovalRequired: true });
    expect(national.investigation.teamMin).toBeGreaterThanOrEqual(national.investigation.interviewersMin);
  });

  it('capabilities', () => {
    expect(henan.allowsReporterObjection).toBe(true);
    expect(henan.allowsTermination).toBe(true);
    expect(henan.preliminaryCheckStaffMin).toBe(2);
    expect(national.allowsReporterObjection).toBe(false);
    expect(national.allowsTermination).toBe(false);
    expect(national.preliminaryCheckStaffMin).toBeUndefined();
  });
});

describe('lookup', () => {
  it('knows both profiles and defaults to national-2022', () => {
    expect(Object.keys(POLICY_PROFILES).sort()).toEqual(['henan-2021', 'national-2022']);
    expect(DEFAULT_POLICY_PROFILE).toBe('national-2022');
    expect(getPolicyProfile(DEFAULT_POLICY_PROFILE).code).toBe('national-2022');
    for (const [code, p] of Object.entries(POLICY_PROFILES)) expect(p.code).toBe(code);
  });

  it.each(['x', '', 'National-2022', 'toString', '__proto__', 'constructor'])(
    'getPolicyProfile(%j) throws POLICY_PROFILE_UNKNOWN',
    (code) => {
      let err: unknown;
      try {
        getPolicyProfile(code);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PolicyProfileUnknownError);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'POLICY_PROFILE_UNKNOWN', details: { profile: code } });
    },
  );
});
