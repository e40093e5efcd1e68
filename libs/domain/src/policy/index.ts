/** Policy profiles as data (RULES.md §3 table). Pure: importable from Temporal workflow code. */
export {
  DEADLINE_KINDS,
  DEFAULT_POLICY_PROFILE,
  POLICY_PROFILES,
  PolicyProfileUnknownError,
  deadlineRule,
  getPolicyProfile,
} from './policy-profile';
export type { DeadlineKind, DeadlineRule, InvestigationRules, LocalisedText, PolicyProfile } from './policy-profile';
