/** Handling decision (RULES.md §4): catalogues as data, the result form and its validation. Pure: importable from Temporal workflow code. */
export { CATALOGUES, DecisionCatalogueUnknownError, cite, getCatalogue } from './catalogue';
export type {
  AggravatingFloorRule,
  AttachmentKind,
  AttachmentKindCode,
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
export { allegationIssues } from './allegations';
