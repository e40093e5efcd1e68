/** Policy profiles as data (RULES.md §3 table). Pure: importable from Temporal workflow code. */
export {
  DEADLINE_KINDS,
  DEFAULT_POLICY_PROFILE,
  POLICY_PROFILES,
  PolicyProfileUnknownError,
  appealAuthorityOf,
  cite,
  citeDeadline,
  deadlineRule,
  getPolicyProfile,
  seedOf,
} from './policy-profile';
export type {
  AppealAuthority,
  AppealAuthorityRule,
  DeadlineKind,
  DeadlineRule,
  InvestigationRules,
  LocalisedText,
  PolicyProfile,
  ProcedureArticles,
} from './policy-profile';
