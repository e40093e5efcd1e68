/**
 * Periods a new case fixes when it opens (issue 17 point 12), pure. The statement-and-defence period (陈述与申辩,
 * 003 art.27 "告知其依法享有陈述与申辩的权利"; 001 art.31) has no length in either seed: RULES.md makes it a product
 * **[decision]** of 5 working days, "configurable". Like the reminder stages, an organisation's own setting overrides
 * its policy profile's setting, which overrides the profile's default (libs/domain/src/policy). The case keeps the
 * period it opened with (it travels in the workflow input), so a later change of the setting moves no running deadline.
 */
import type { Period } from '../calendar';
import type { PolicyProfile } from '../policy';

export type PeriodSource = 'organisation' | 'policy_profile' | 'default';

/** [decision] Bounds of a configured defence period: 1–60 working days or calendar days (the profile's default: 5 working days). */
export const DEFENCE_PERIOD_UNITS = ['working_days', 'days'] as const;
export const DEFENCE_PERIOD_MAX = 60;

export function isDefencePeriod(v: unknown): v is Period {
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return (
    typeof p.amount === 'number' &&
    Number.isInteger(p.amount) &&
    p.amount >= 1 &&
    p.amount <= DEFENCE_PERIOD_MAX &&
    (DEFENCE_PERIOD_UNITS as readonly unknown[]).includes(p.unit) &&
    Object.keys(p).every((k) => k === 'amount' || k === 'unit')
  );
}

/** The defence period a new case opens with, and where it comes from. A stored value that is not valid is skipped. */
export function effectiveDefencePeriod(
  organisation: unknown,
  policyProfile: unknown,
  profile: PolicyProfile,
): { period: Period; source: PeriodSource } {
  if (isDefencePeriod(organisation)) return { period: { amount: organisation.amount, unit: organisation.unit }, source: 'organisation' };
  if (isDefencePeriod(policyProfile))
    return { period: { amount: policyProfile.amount, unit: policyProfile.unit }, source: 'policy_profile' };
  const rule = profile.deadlines.defence;
  return { period: rule ? { amount: rule.period.amount, unit: rule.period.unit } : { amount: 5, unit: 'working_days' }, source: 'default' };
}

/**
 * Whether a reporter notice is owed (issue 17 point 7; 003 art.14 / 001 art.14 "通知实名举报人"): a real-name reporter
 * who left a way to reach them. Anonymous reports, and cases without a reporter (retraction, media, routine), owe none.
 */
export function reporterNoticeOwed(reporter: unknown): boolean {
  if (!reporter || typeof reporter !== 'object') return false;
  const r = reporter as { realName?: unknown; contact?: unknown };
  return r.realName === true && typeof r.contact === 'string' && r.contact.trim() !== '';
}
