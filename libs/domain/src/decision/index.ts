/** Handling decision (RULES.md §4): catalogues as data, the result form and its validation. Pure: importable from Temporal workflow code. */
export { BARRED_ACTIVITIES, BARRED_ACTIVITY_LABELS, CATALOGUES, DecisionCatalogueUnknownError, cite, getCatalogue } from './catalogue';
export type {
  AggravatingFloorRule,
  AttachmentKind,
  AttachmentKindCode,
  BarredActivity,
  CatalogueEntry,
  DecisionCatalogue,
  Factor,
  Measure,
  MisconductType,
  SeverityFloorRule,
  SeverityLevel,
} from './catalogue';
export { DECISION_RESULTS, DECISION_RULES, ID_TYPES, applyToAuthors, validateDecisionForm } from './decision-form';
export type {
  AuthorEntry,
  DecisionForm,
  DecisionIssue,
  DecisionResult,
  DecisionRuleId,
  IdType,
  MeasureEntry,
  PenaltyFields,
  ValidateOptions,
  ValidationMode,
} from './decision-form';
export { isPlausibleOtherIdNumber, isValidPrcIdNumber, maskIdNumber, maskIdShaped, maskIdShapedDeep, prcIdCheckChar } from './id-number';
export {
  DECISION_EVENT_STAGES,
  DECISION_STATUSES,
  DECISION_STATUSES_IN_FORCE,
  REVIEW_RESULTS,
  isDecisionInForce,
  statusAfterReview,
} from './decision-status';
export type { DecisionStatus, ReviewResult } from './decision-status';
export { checkBars, entryBars, entryInForce, isBarredActivity, lastBarredDay, measureBars } from './registry-bar';
export type { ActivityBar, BarAnswer, RegistryEntryFacts } from './registry-bar';
export { allegationIssues } from './allegations';
