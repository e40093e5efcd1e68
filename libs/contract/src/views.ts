/**
 * Response schemas: what each operation answers, field by field, as the services build it (issue 15 point 2). Every
 * object is closed (`additionalProperties: false`), so a field the server adds without documenting it fails the
 * contract check (Schemathesis, response_schema_conformance); nullable fields are OpenAPI 3.0 `nullable`. Dates are
 * `YYYY-MM-DD` (Asia/Shanghai business days), instants ISO 8601 date-times.
 *
 * Each titled schema becomes a component of the served document (apps/api/src/common/openapi.ts, VIEW_SCHEMAS);
 * controllers name theirs with `@Answers(Schema)`.
 */
import { Type, type SchemaOptions, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import { ACTION_NAMES, CASE_SOURCES, PHASES } from '@libs/domain/src/case/actions';
import { DECISION_RESULTS, ID_TYPES } from '@libs/domain/src/decision/decision-form';
import { PAPER_ACTIONS, PAPER_STATUSES, type ChainPosition } from '@libs/domain/src/paper';
import { DEADLINE_KINDS, POLICY_PROFILES } from '@libs/domain/src/policy';
import { BARRED_ACTIVITIES, getCatalogue } from '@libs/domain/src/decision/catalogue';
import { DECISION_STATUSES, REVIEW_RESULTS } from '@libs/domain/src/decision/decision-status';
import { Nullable, DeadlineViewSchema } from './responses';
import { DecisionSuggestionSchema } from './self-inspections';
import { StringEnum } from './primitives';

const Obj = <P extends TProperties>(title: string, properties: P, opts: SchemaOptions = {}) =>
  Type.Object(properties, { title, additionalProperties: false, ...opts });
/** A business day, YYYY-MM-DD. */
const Day = (opts: SchemaOptions = {}) => Type.String({ format: 'date', example: '2026-11-02', ...opts });
/** An instant, ISO 8601. */
const Instant = (opts: SchemaOptions = {}) => Type.String({ format: 'date-time', ...opts });
const Id = (opts: SchemaOptions = {}) => Type.String({ format: 'uuid', ...opts });
const Count = (opts: SchemaOptions = {}) => Type.Integer({ minimum: 0, ...opts });
/** A JSON object whose keys depend on its kind (an event's data, an audit record's details). */
const OpenObject = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const ROLE_NAMES = ['integrity_admin', 'case_officer', 'investigator', 'unit_head', 'supervisor', 'system_admin'] as const;
export const ORG_LEVEL_NAMES = ['national', 'provincial', 'municipal', 'institution'] as const;
const Roles = (opts: SchemaOptions = {}) => Type.Array(StringEnum(ROLE_NAMES), opts);
const Phase = (opts: SchemaOptions = {}) => StringEnum(PHASES, opts);
const Localised = Obj('LocalisedText', { zh: Type.String(), en: Type.String() });

// --- health ------------------------------------------------------------------------------------------------------

const HealthCheckSchema = Type.Object(
  { status: StringEnum(['up', 'down'] as const) },
  {
    additionalProperties: true,
    description: 'one dependency: up or down, with what was measured (responseTime, taskQueue, pollers, message)',
  },
);
const HealthChecks = (description: string) => Type.Object({}, { additionalProperties: HealthCheckSchema, description });
export const HealthSchema = Obj('Health', {
  status: StringEnum(['ok', 'error', 'degraded'] as const, {
    description: 'error: PostgreSQL or Temporal down (503); degraded: no worker polls (HEALTH_DEGRADED_STATUS, 503 by default)',
  }),
  info: HealthChecks('the checks that are up'),
  error: HealthChecks('the checks that are down'),
  details: Obj('HealthDetails', { database: HealthCheckSchema, temporal: HealthCheckSchema, workers: HealthCheckSchema }),
});
export const LivenessSchema = Obj('Liveness', { status: StringEnum(['ok'] as const) });

// --- auth ----------------------------------------------------------------------------------------------------------

export const LoginResultSchema = Obj('LoginResult', {
  accessToken: Type.String({ description: 'send as Authorization: Bearer <accessToken>' }),
  tokenType: StringEnum(['Bearer'] as const),
});

export const MeSchema = Obj('Me', {
  id: Id(),
  username: Type.String(),
  name: Type.String(),
  roles: Roles(),
  organisation: Obj('MeOrganisation', {
    id: Id(),
    name: Type.String(),
    path: Type.String({ description: 'ids from the root down, joined by "/"' }),
  }),
});

// --- calendar ------------------------------------------------------------------------------------------------------

export const DeadlineAnswerSchema = Obj('DeadlineAnswer', {
  dueDate: Day({ description: 'due day (Asia/Shanghai)' }),
  dueAt: Instant({ description: 'end of the due day, 23:59:59+08:00' }),
  provisional: Type.Boolean({ description: 'counted over a year whose holiday notice is not loaded (weekends only)' }),
});

export const WorkingDaysSchema = Obj('WorkingDays', {
  from: Day(),
  to: Day(),
  count: Count(),
  days: Type.Array(Day(), { description: 'every working day in [from, to]' }),
  provisional: Type.Boolean(),
  provisionalYears: Type.Array(Type.Integer(), { description: 'years of the range without a loaded holiday notice' }),
});

export const CalendarYearViewSchema = Obj('CalendarYearView', {
  year: Type.Integer(),
  version: Type.Integer({ minimum: 1 }),
  holidays: Type.Array(Day()),
  makeupWorkdays: Type.Array(Day()),
  source: Type.String({ description: 'who loaded it' }),
  loadedAt: Instant(),
});

export const CalendarReloadFailureSchema = Obj('CalendarReloadFailure', {
  workflowId: Type.String({ example: 'SC-2026-000123', description: 'the case number, or the lead workflow id' }),
  subject: StringEnum(['case', 'lead']),
  attempts: Count(),
  error: Type.String({ example: 'workflow not running: workflow execution already completed' }),
});

/** A calendar reload job (issue 21): the open cases and leads told of a loaded notice, page by page. */
export const CalendarReloadSchema = Obj('CalendarReload', {
  id: Id(),
  year: Type.Integer(),
  version: Type.Integer({ minimum: 1, description: 'the notice version this job tells' }),
  workflowId: Type.String({ description: 'the Temporal workflow running the job' }),
  status: StringEnum(['running', 'completed', 'failed'], { description: 'completed: nothing pending (failed targets are listed)' }),
  total: Count({ description: 'open cases and leads to tell, as of the notice' }),
  signalled: Count({ description: 'told: the workflow has the notice' }),
  failed: Count({ description: 'given up: the workflow has ended, or the signal kept failing' }),
  pending: Count({ description: 'not yet told' }),
  pageSize: Type.Integer({ minimum: 1 }),
  signalsPerSecond: Type.Integer({ minimum: 1, description: 'the fan-out rate limit' }),
  requestedBy: Type.String({ example: 'loaded by nhc.sysadmin' }),
  createdAt: Instant(),
  finishedAt: Nullable(Instant()),
  error: Nullable(Type.String()),
  failures: Type.Array(CalendarReloadFailureSchema, { description: 'the first 100 failures, in workflow id order' }),
});

export const CalendarLoadResultSchema = Obj('CalendarLoadResult', {
  year: Type.Integer(),
  version: Type.Integer({ minimum: 1 }),
  reload: CalendarReloadSchema,
});

// --- policy profiles -----------------------------------------------------------------------------------------------

const PeriodUnit = StringEnum(['working_days', 'days', 'months'] as const);
export const ProfileSummarySchema = Obj('PolicyProfileSummary', {
  code: Type.String({ example: 'national-2022' }),
  name: Localised,
  regulation: Type.String(),
  source: Type.String({ description: 'seed file of the regulation' }),
  deadlines: Type.Array(
    Obj('DeadlineKindSummary', {
      kind: StringEnum(DEADLINE_KINDS),
      rule: Type.String({ example: '15 working days' }),
      article: Type.String(),
    }),
  ),
});

const DeadlineRuleViewSchema = Obj('DeadlineRuleView', {
  kind: StringEnum(DEADLINE_KINDS),
  period: Obj('Period', { amount: Count(), unit: PeriodUnit }),
  rule: Type.String({ example: '15 working days' }),
  source: Type.String(),
  article: Type.String(),
  label: Localised,
  decision: Type.Boolean({ description: 'a product [decision] where the regulation gives no period' }),
  note: Type.Optional(Type.String()),
});

const AppealRule = StringEnum(['parent', 'self'] as const, {
  description: "parent: the handling organisation's superior; self: the handling organisation itself",
});
export const ProfileSchema = Obj('PolicyProfile', {
  code: Type.String(),
  name: Localised,
  regulation: Type.String(),
  source: Type.String(),
  deadlines: Type.Array(DeadlineRuleViewSchema, { description: 'in procedure order' }),
  investigation: Obj('InvestigationRules', {
    teamMin: Count(),
    expertPanelMin: Count(),
    interviewersMin: Count(),
    planApprovalRequired: Type.Boolean(),
  }),
  allowsReporterObjection: Type.Boolean(),
  allowsTermination: Type.Boolean(),
  preliminaryCheckStaffMin: Type.Optional(Count({ description: 'staff needed for the preliminary check, where the regulation sets one' })),
  articles: Type.Object(
    {},
    {
      additionalProperties: Type.String(),
      description:
        "the article of the profile's own regulation behind each step of the procedure (issue 17 point 11), e.g. appeal: 'art.42–43'",
    },
  ),
  appealAuthority: Obj(
    'AppealAuthority',
    {
      default: AppealRule,
      byLevel: Type.Optional(
        Type.Object({}, { additionalProperties: AppealRule, description: "exceptions by the handling organisation's level" }),
      ),
      note: Type.String(),
    },
    { description: "who hears an appeal (申诉/复核): the handling organisation's superior by default (003 art.42; 001 art.45)" },
  ),
});

const entryFields = {
  code: Type.String({ example: '1' }),
  zh: Type.String(),
  en: Type.String(),
  source: Type.String(),
  article: Type.String(),
  labelSource: Type.Optional(Type.String()),
  decision: Type.Optional(Type.Boolean()),
  note: Type.Optional(Type.String()),
};
const CatalogueEntrySchema = Obj('CatalogueEntry', entryFields);
export const CatalogueSchema = Obj('DecisionCatalogue', {
  profileCode: Type.String(),
  source: Type.String(),
  refs: Obj('CatalogueRefs', {
    types: Type.String(),
    severity: Type.String(),
    measures: Type.String(),
    mitigating: Type.String(),
    aggravating: Type.String(),
  }),
  misconductTypes: Type.Array(CatalogueEntrySchema),
  severityLevels: Type.Array(
    Obj('SeverityLevel', {
      ...entryFields,
      rank: Type.Integer({ minimum: 1 }),
      zhFull: Type.String(),
      allowedMeasures: Type.Array(Type.String()),
      minYears: Count(),
      maxYears: Nullable(Count()),
      permanentAllowed: Type.Boolean(),
    }),
  ),
  measures: Type.Array(
    Obj('Measure', {
      ...entryFields,
      bars: Type.Array(StringEnum(BARRED_ACTIVITIES), {
        description:
          'activities the measure bars for its period (the registry check); empty for 通报批评, the database record and other measures that bar nothing',
      }),
      carriesPeriod: Type.Boolean(),
      periodRequired: Type.Boolean(),
      permanentAllowed: Type.Boolean(),
      requiresText: Type.Boolean(),
      requiresRegistry: Type.Boolean(),
      requiresMeasures: Type.Array(Type.String()),
      requiresArticle: Type.Optional(Type.String()),
    }),
  ),
  mitigatingFactors: Type.Array(CatalogueEntrySchema),
  aggravatingFactors: Type.Array(CatalogueEntrySchema),
  attachmentKinds: Type.Array(
    Obj('AttachmentKind', {
      code: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      required: Type.Boolean({ description: 'needed before the decision' }),
      source: Type.String(),
      article: Type.String(),
      decision: Type.Optional(Type.Boolean()),
      note: Type.Optional(Type.String()),
    }),
  ),
  registryMeasure: Type.String(),
  severityFloor: Obj('SeverityFloorRule', {
    types: Type.Array(Type.String()),
    minSeverity: Type.String(),
    source: Type.String(),
    article: Type.String(),
  }),
  aggravatingFloor: Type.Optional(
    Obj('AggravatingFloorRule', { minSeverity: Type.String(), source: Type.String(), article: Type.String() }),
  ),
  selfInspectionFactor: Type.String({
    description: 'code of the aggravating factor "not declared in the annual self-inspection" (000 §13)',
  }),
});

// --- reminder stages -----------------------------------------------------------------------------------------------

export const ReminderPolicyViewSchema = Obj('ReminderPolicyView', {
  beforeWorkingDays: Type.Array(Type.Integer({ minimum: 1, maximum: 60 }), { maxItems: 5, description: 'descending' }),
  onDueDay: Type.Boolean(),
  overdueEveryWorkingDays: Type.Integer({ minimum: 0, maximum: 60 }),
  escalateAfterOverdueWorkingDays: Type.Integer({ minimum: 0, maximum: 120 }),
  hour: Type.Integer({ minimum: 0, maximum: 23 }),
});
const ReminderSource = StringEnum(['organisation', 'policy_profile', 'default'] as const, { description: 'where the stages come from' });

export const ProfileReminderPolicySchema = Obj('ProfileReminderPolicy', {
  policyProfile: Type.String(),
  reminderPolicy: ReminderPolicyViewSchema,
  source: ReminderSource,
  appliesTo: Type.Optional(Type.String({ description: 'after a change: which cases it applies to' })),
});

export const OrganisationReminderPolicySchema = Obj('OrganisationReminderPolicy', {
  organisationId: Id(),
  reminderPolicy: ReminderPolicyViewSchema,
  source: ReminderSource,
  appliesTo: Type.Optional(Type.String({ description: 'after a change: which cases it applies to' })),
});

// --- defence period (issue 17 point 12) ------------------------------------------------------------------------------

export const DefencePeriodViewSchema = Obj(
  'DefencePeriodView',
  {
    amount: Type.Integer({ minimum: 1, maximum: 60, example: 5 }),
    unit: StringEnum(['working_days', 'days'] as const),
  },
  { description: 'the statement-and-defence period (陈述与申辩, 003 art.27; 001 art.31) new cases open with' },
);
const PeriodSource = StringEnum(['organisation', 'policy_profile', 'default'] as const, { description: 'where the period comes from' });

export const ProfileDefencePeriodSchema = Obj('ProfileDefencePeriod', {
  policyProfile: Type.String(),
  defencePeriod: DefencePeriodViewSchema,
  source: PeriodSource,
  appliesTo: Type.Optional(Type.String({ description: 'after a change: which cases it applies to' })),
});

export const OrganisationDefencePeriodSchema = Obj('OrganisationDefencePeriod', {
  organisationId: Id(),
  defencePeriod: DefencePeriodViewSchema,
  source: PeriodSource,
  appliesTo: Type.Optional(Type.String({ description: 'after a change: which cases it applies to' })),
});

// --- cases ---------------------------------------------------------------------------------------------------------

const CaseSubjectSchema = Obj('CaseSubject', { name: Type.String(), organisation: Type.Optional(Type.String()) });
const CasePaperSchema = Obj(
  'CasePaper',
  {
    title: Type.String(),
    journal: Type.Optional(Type.String()),
    doi: Type.Optional(Nullable(Type.String())),
    batch: Type.Optional(Type.String({ description: 'problem-paper batch (cases opened from a paper)' })),
    number: Type.Optional(Type.String()),
    retractionDate: Type.Optional(Nullable(Day())),
    monitoringSource: Type.Optional(Type.String()),
    publishedOn: Type.Optional(Nullable(Day({ description: 'a lead: the publication date' }))),
    leadNumber: Type.Optional(Type.String({ description: 'a case opened from a lead: its number' })),
  },
  { description: 'the paper concerned: as registered, the problem paper or the lead the case was opened from' },
);

export const CaseCreatedSchema = Obj('CaseCreated', {
  id: Id(),
  number: Type.String({ example: 'SC-2026-000123' }),
  phase: Phase(),
  version: Type.Integer({ minimum: 0, description: 'send it as If-Match: "<version>" with the first action' }),
  deadlines: Type.Array(DeadlineViewSchema),
  allowedActions: Type.Array(StringEnum(ACTION_NAMES), { description: 'what the case allows now (any role)' }),
});

/** An authority the case reports to (issue 17 point 3), as registered: an organisation of the tree, or one by name. */
const ReportingPartySchema = Obj(
  'ReportingParty',
  {
    orgId: Type.Optional(Id()),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  },
  {
    description:
      'transferredBy: the authority that transferred the case (003 art.25, 28); leadUnit: the lead investigating unit (003 art.28)',
  },
);
/** The other end of a transfer (issue 17 point 4). */
const TransferEndSchema = Obj(
  'TransferEnd',
  { caseId: Id(), number: Type.String(), orgId: Id() },
  { description: 'the linked case at the other end of a transfer' },
);

export const CaseSchema = Obj('Case', {
  id: Id(),
  number: Type.String({ example: 'SC-2026-000123' }),
  title: Type.String(),
  source: StringEnum(CASE_SOURCES),
  handlingOrgId: Id(),
  profile: Type.String({ example: 'national-2022' }),
  receivedAt: Day(),
  allegations: Type.Array(Type.String(), { description: 'misconduct type codes of the profile' }),
  subjects: Type.Array(CaseSubjectSchema),
  paper: Nullable(CasePaperSchema),
  phase: Phase(),
  version: Type.Integer({ minimum: 0, description: 'also the ETag: send it back as If-Match' }),
  allowedActions: Type.Array(StringEnum(ACTION_NAMES), { description: 'what the caller may do now' }),
  deadlines: Type.Array(DeadlineViewSchema),
  createdAt: Instant(),
  transferredBy: Type.Optional(ReportingPartySchema),
  leadUnit: Type.Optional(ReportingPartySchema),
  transferredFrom: Type.Optional(TransferEndSchema),
  transferredTo: Type.Optional(TransferEndSchema),
  appealOrgId: Type.Optional(Id({ description: 'the organisation hearing the appeal (003 art.42; 001 art.45), once one is applied for' })),
});

export const CaseListItemSchema = Obj('CaseListItem', {
  id: Id(),
  number: Type.String(),
  title: Type.String(),
  source: StringEnum(CASE_SOURCES),
  handlingOrgId: Id(),
  profile: Type.String(),
  receivedAt: Day(),
  phase: Phase(),
  version: Type.Integer({ minimum: 0 }),
  nextDueDate: Nullable(Day(), { description: 'the earliest open deadline; null when none runs' }),
  overdue: Type.Boolean(),
});

export const CasePageSchema = Obj('CasePage', {
  total: Count(),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
  items: Type.Array(CaseListItemSchema, { description: 'newest first' }),
});

const ReporterRecord = (opts: SchemaOptions = {}) =>
  Obj(
    'Reporter',
    {
      name: Type.Optional(Type.String({ description: 'absent for an anonymous report of the reporter channel' })),
      contact: Type.Optional(Type.String({ description: 'e-mail address or phone number' })),
      phone: Type.Optional(Type.String({ description: 'a real-name reporter of the reporter channel who gave both' })),
      realName: Type.Boolean(),
      anonymous: Type.Optional(Type.Boolean({ description: 'filed anonymously through the reporter channel (issue 23)' })),
      reportId: Type.Optional(Id({ description: 'the report of the reporter channel (GET /cases/{id}/reporter-messages)' })),
    },
    opts,
  );

export const CaseReporterSchema = Obj('CaseReporter', {
  caseId: Id(),
  reporter: Nullable(ReporterRecord(), { description: 'null: the case has no reporter (or an anonymous one gave nothing)' }),
  mergedReporters: Type.Array(
    Obj('MergedReporter', {
      fromCaseId: Id({ description: 'the case merged into this one (issue 23)' }),
      fromNumber: Type.String(),
      mergeSeq: Type.Integer({ description: "the merged case's merged_into event" }),
      reporter: ReporterRecord(),
    }),
    { description: 'reporters of cases merged into this one, moved with their reports and evidence (003 art.46: handlers only)' },
  ),
});

export const DenialSchema = Obj('Denial', { userId: Id(), username: Type.String(), reason: Type.String(), since: Instant() });

const ActorSchema = Obj('EventActor', {
  userId: Type.String(),
  role: Type.String(),
  orgId: Type.String(),
  name: Type.Optional(Type.String()),
  onBehalfOf: Type.Optional(Type.String({ description: 'the institution a commission entered this for (002)' })),
  orgName: Type.Optional(
    Type.String({ description: "the organisation the actor acted for (issue 17: an appeal's steps show the superior authority)" }),
  ),
});

export const CaseEventSchema = Obj('CaseEvent', {
  seq: Type.Integer({ minimum: 1 }),
  type: Type.String({ example: 'accepted' }),
  at: Instant(),
  actor: Nullable(ActorSchema, { description: 'null for what the workflow did by itself (deadlines, reminders)' }),
  data: OpenObject("the event's details; their keys depend on the type"),
});

// --- decision ------------------------------------------------------------------------------------------------------

const MeasureViewSchema = Obj('MeasureView', {
  code: Type.String(),
  years: Type.Optional(Type.Integer()),
  permanent: Type.Optional(Type.Boolean()),
  text: Type.Optional(Type.String()),
});
const AuthorViewSchema = Obj('AuthorView', {
  order: Type.Integer({ minimum: 1 }),
  name: Type.Optional(Type.String()),
  organisation: Type.Optional(Type.String()),
  idNumber: Type.String({ description: 'masked (1101052020****0428) unless reveal=id_numbers; empty when none was given' }),
  idType: Type.Optional(StringEnum(ID_TYPES)),
  penalise: Type.Boolean(),
  misconductTypes: Type.Array(Type.String()),
  severity: Type.Optional(Type.String()),
  measures: Type.Array(MeasureViewSchema),
  mitigating: Type.Array(Type.String()),
  aggravating: Type.Array(Type.String()),
});
const DecisionHistoryStepSchema = Obj('DecisionStatusStep', {
  caseEventSeq: Type.Integer({ minimum: 1 }),
  eventType: StringEnum(['decided', 'decided_clarification', 'decision_revised', 'review_completed', 'appeal_completed'] as const),
  result: Nullable(StringEnum(REVIEW_RESULTS), { description: 'the review or appeal result that did it' }),
  previousStatus: Type.String(),
  status: StringEnum(['effective', 'changed', 'revoked', 'superseded'] as const),
  on: Nullable(Day()),
  summary: Nullable(Type.String()),
  recordedAt: Instant(),
});
const DecisionFormViewSchema = Obj('DecisionFormView', {
  result: StringEnum(DECISION_RESULTS),
  otherText: Type.Optional(Type.String()),
  authors: Type.Array(AuthorViewSchema),
});
export const DecisionSchema = Obj('Decision', {
  suggestions: Type.Array(DecisionSuggestionSchema, {
    description: 'what earlier findings suggest for this decision (GET /cases/{id}/decision/suggestions)',
  }),
  id: Id(),
  status: StringEnum(DECISION_STATUSES, {
    description:
      'draft: saved form; pending: submitted, its action running; effective: in force; changed / revoked: by a review or appeal (a revoked one no longer counts in the ranking, its registry entries bar nothing); superseded: replaced by a revision (read with ?version=)',
  }),
  statusHistory: Type.Array(DecisionHistoryStepSchema, {
    description: 'each step of this version: took effect, a review or appeal result, superseded; empty for a draft or pending form',
  }),
  version: Nullable(Type.Integer({ minimum: 1 }), {
    description: 'the version of a submitted decision (1 = the first decided); null for a draft',
  }),
  effectiveDate: Nullable(Day()),
  updatedAt: Instant(),
  form: DecisionFormViewSchema,
  versions: Type.Array(
    Obj('DecisionVersion', {
      id: Id(),
      version: Type.Integer({ minimum: 1 }),
      status: StringEnum(DECISION_STATUSES),
      result: Nullable(StringEnum(DECISION_RESULTS)),
      effectiveDate: Nullable(Day()),
      submittedBy: Id(),
      submittedByName: Nullable(Type.String()),
      at: Instant(),
      reason: Nullable(Type.String({ description: 'why it was revised (revise_decision)' })),
      supersedes: Nullable(Id()),
      supersededBy: Nullable(Id()),
      supersededAt: Nullable(Instant()),
      answersReturn: Nullable(
        Obj('AnsweredReturn', {
          paperId: Id(),
          seq: Type.Integer({ minimum: 1 }),
          at: Instant(),
          opinion: Nullable(Type.String()),
          level: Nullable(Type.String()),
          fromOrgId: Nullable(Type.String()),
        }),
        { description: "the problem paper's return (退回修改) this version answers" },
      ),
    }),
    { description: 'every submitted version, first to last' },
  ),
  revisionDraft: Nullable(Obj('RevisionDraft', { id: Id(), updatedAt: Instant(), form: DecisionFormViewSchema }), {
    description: 'the open revision of the decision in force',
  }),
});

/** Kinds of case evidence: the attachment kinds of every profile's catalogue, and report materials (handlers only). */
export const EVIDENCE_KINDS: string[] = [
  ...new Set(Object.keys(POLICY_PROFILES).flatMap((code) => getCatalogue(code).attachmentKinds.map((k) => k.code as string))),
  'report_material',
];

// --- files ---------------------------------------------------------------------------------------------------------

const fileFields = {
  id: Id(),
  kind: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer({ minimum: 1 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
};
export const StoredFileSchema = Obj('StoredFile', fileFields, { description: 'the file as stored; download it from the file URL' });
export const EvidenceFileSchema = Obj('EvidenceFile', { ...fileFields, uploadedAt: Instant(), uploadedBy: Id() });
export const PaperFileStoredSchema = Obj('PaperFileStored', {
  ...fileFields,
  orgId: Id({ description: 'the organisation it was added for' }),
});
export const PaperFileSchema = Obj('PaperFile', { ...fileFields, orgId: Id(), uploadedAt: Instant() });

// --- audit ---------------------------------------------------------------------------------------------------------

export const AuditRecordSchema = Obj('AuditRecord', {
  id: Type.Integer({ minimum: 1 }),
  at: Instant(),
  user: Obj('AuditUser', {
    id: Nullable(Id()),
    username: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
    orgId: Nullable(Id()),
  }),
  action: Type.String({ example: 'POST /api/v1/cases/{id}/actions/accept' }),
  outcome: Type.Integer({ description: 'the HTTP status answered' }),
  details: OpenObject(
    "what was asked, without personal data; `changes`: the stored records the write changed, [{ entity, id, before, after, changed }], with passwords, hashes and sealed values [redacted], ID numbers and the reporter's identity masked (RULES.md §7)",
  ),
});
export const AuditVerifySchema = Obj('AuditVerification', {
  ok: Type.Boolean(),
  checked: Count({ description: 'records checked before the first broken one' }),
  firstBrokenId: Nullable(Type.Integer()),
  reason: Type.Optional(Type.String()),
});
export const AuditHeadSchema = Obj('AuditHead', {
  id: Nullable(Type.Integer({ minimum: 1 }), { description: 'null while the trail is empty' }),
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  at: Nullable(Instant()),
  records: Count(),
});

// --- organisations and users ---------------------------------------------------------------------------------------

export const OrganisationViewSchema = Obj('OrganisationView', {
  id: Id(),
  name: Type.String(),
  level: StringEnum(ORG_LEVEL_NAMES),
  parentId: Nullable(Id(), { description: 'null for the root' }),
  regionCode: Type.String({ example: '410102', description: 'administrative-region code (行政区划代码), 6 digits' }),
  policyProfile: Type.String({ example: 'national-2022' }),
  path: Type.String({ description: 'ids from the root down to this organisation, joined by "/"' }),
});
export type OrganisationView = Static<typeof OrganisationViewSchema>;

const ImportColumn = StringEnum(['name', 'level', 'parentRegionCode', 'regionCode', 'policyProfile'] as const);
export const ImportErrorViewSchema = Obj('ImportErrorView', {
  row: Type.Integer({ minimum: 1, description: 'row number as a spreadsheet shows it (row 1 is the header)' }),
  field: Nullable(ImportColumn, { description: 'null: the row as a whole' }),
  message: Type.String(),
});
export type ImportErrorView = Static<typeof ImportErrorViewSchema>;
export const ImportResultViewSchema = Obj('ImportResultView', {
  imported: Count({ description: 'organisations created by this import' }),
  errors: Type.Array(ImportErrorViewSchema, {
    description: 'rows not imported, with the reason; existing organisations are reported as duplicates',
  }),
});
export type ImportResultView = Static<typeof ImportResultViewSchema>;

export const UserViewSchema = Obj(
  'UserView',
  {
    id: Id(),
    username: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    orgId: Id(),
    orgName: Type.String(),
    roles: Roles(),
    active: Type.Boolean(),
  },
  { description: 'an account as the API shows it: never the password hash' },
);
export type UserView = Static<typeof UserViewSchema>;

export const OrgMemberSchema = Obj(
  'OrgMember',
  {
    id: Id(),
    name: Type.String(),
    roles: Roles(),
  },
  { description: 'a colleague as another account of the organisation sees them (staff pickers): id, name and roles only' },
);
export type OrgMember = Static<typeof OrgMemberSchema>;

// --- registry, journals, statistics ----------------------------------------------------------------------------------

export const RegistryEntrySchema = Obj('RegistryEntry', {
  id: Id(),
  origin: StringEnum(['decision', 'manual'] as const, {
    description:
      'decision: recorded when a decision of this system took effect; manual: registered by hand (004 二(三)), possibly taken over by a decision since (registration.reconciledAt)',
  }),
  caseNumber: Nullable(Type.String(), {
    description: 'the issuing case; null for an entry registered by hand and not taken over by a decision of this system',
  }),
  measure: Type.String({ description: "measure code in the entry's own catalogue (profile)" }),
  measureLabel: Type.String(),
  bars: Type.Array(StringEnum(BARRED_ACTIVITIES), {
    description:
      'activities this measure bars in its catalogue; empty for 通报批评, the database record and other measures that bar nothing',
  }),
  startsOn: Day({ description: 'the day the decision took effect: the first barred day' }),
  endsOn: Nullable(Day(), {
    description:
      'the last barred day (inclusive): N years after startsOn, that corresponding day included (Civil Code art.201–202); the day after is free. null: permanent, or no period',
  }),
  permanent: Type.Boolean(),
  status: StringEnum(['active', 'changed', 'revoked'] as const, {
    description: 'changed: its period was changed (003 art.40, or a changed decision); revoked: bars nothing',
  }),
  // OpenAPI 3.0: a nullable enum lists null among its values.
  decisionStatus: Type.Unsafe<string | null>({
    type: 'string',
    enum: [...DECISION_STATUSES, null],
    nullable: true,
    description:
      "its decision's status: a revoked (or superseded) decision's entries bar nothing; null for an entry registered by hand without a decision of this system (its own status decides)",
  }),
  profile: Type.String(),
  severity: Nullable(Type.String(), {
    description:
      "severity level code of the finding in the entry's catalogue (情节); rank 3 and above is serious misconduct (000 §6 一票否决, ARCHIVE_SERIOUS_RANK)",
  }),
  registration: Nullable(
    Type.Object(
      {
        id: Id({ description: 'the registration: one per person and decision, one entry per measure' }),
        organisation: Type.String({ description: 'the registering organisation' }),
        registeredAt: Instant(),
        provenance: Type.Object(
          {
            decisionNumber: Type.String({ description: '文号' }),
            issuingBody: Type.String(),
            decidedOn: Nullable(Day()),
            note: Nullable(Type.String()),
          },
          { additionalProperties: false },
        ),
        awaitsDecision: Type.Boolean({ description: 'registered in advance of a decision of this system' }),
        expectedCaseNumber: Nullable(Type.String(), { description: 'the case whose decision it was registered in advance of' }),
        reconciledAt: Nullable(Instant({ description: 'when a decision of this system took the entry over' })),
        document: Nullable(
          Type.Object(
            {
              filename: Type.String(),
              contentType: Type.String(),
              size: Count(),
              sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
              uploadedAt: Instant(),
            },
            { additionalProperties: false },
          ),
          { description: 'the decision document (GET /registry/entries/{entryId}/document)' },
        ),
      },
      { additionalProperties: false },
    ),
    { description: 'an entry registered by hand: who registered it, from what; null for entries recorded from a decision' },
  ),
});
export const RegistryPersonSchema = Obj('RegistryPerson', {
  name: Type.String(),
  idNumber: Type.String({ description: 'masked' }),
  organisation: Type.String(),
  entries: Type.Array(RegistryEntrySchema),
});
export const RegistryCheckSchema = Obj('RegistryCheck', {
  on: Day(),
  // OpenAPI 3.0: a nullable enum lists null among its values.
  activity: Type.Unsafe<string | null>({
    type: 'string',
    enum: [...BARRED_ACTIVITIES, null],
    nullable: true,
    description: 'the activity asked about; null: the measure form, or any activity',
  }),
  measure: Nullable(
    Obj('RegistryCheckMeasure', {
      profile: Type.String(),
      code: Type.String(),
      bars: Type.Array(StringEnum(BARRED_ACTIVITIES)),
      article: Type.String({ example: '003 art.29' }),
    }),
    { description: 'the older measure= form: the measure and the activities it bars in its catalogue' },
  ),
  barred: Type.Boolean({ description: 'barred on `on` from (one of) the activities asked about' }),
  until: Nullable(Day(), { description: 'the last barred day (inclusive); null when not barred, or permanent / without an end' }),
  permanent: Type.Boolean(),
  activities: Type.Array(
    Obj('ActivityBar', {
      activity: StringEnum(BARRED_ACTIVITIES),
      label: Type.String(),
      barred: Type.Boolean(),
      until: Nullable(Day(), {
        description: 'last barred day of the uninterrupted bar covering `on`; null when not barred, permanent or without an end',
      }),
      permanent: Type.Boolean(),
    }),
    { description: 'the answer per activity asked about' },
  ),
  decisions: Type.Array(RegistryEntrySchema, { description: 'the entries that bar on `on`' }),
});
const registryState = {
  endsOn: Nullable(Day()),
  permanent: Type.Boolean(),
  status: StringEnum(['active', 'changed', 'revoked'] as const),
  startsOn: Type.Optional(Day({ description: 'when the change moved the start (a hand entry taken over by a decision)' })),
  decisionId: Type.Optional(Nullable(Id(), { description: 'a hand entry taken over by a decision: null before, the decision after' })),
};
const RegistryStateSchema = Obj('RegistryEntryState', registryState);
export const RegistryEntryDetailSchema = Obj('RegistryEntryDetail', {
  ...RegistryEntrySchema.properties,
  history: Type.Array(
    Obj('RegistryChange', {
      at: Instant(),
      reason: Type.String(),
      before: Type.Object(registryState, {
        additionalProperties: false,
        nullable: true,
        description: 'null: the entry was registered by hand (its first row)',
      }),
      after: RegistryStateSchema,
    }),
    { description: 'oldest first' },
  ),
});

export const WarningJournalSchema = Obj('WarningJournal', {
  id: Id(),
  issn: Nullable(Type.String({ example: '1234-5679' })),
  title: Type.String(),
  publisher: Nullable(Type.String()),
  source: Type.String(),
  addedAt: Instant(),
});
export const JournalLookupSchema = Obj('JournalLookup', { listed: Type.Boolean(), journals: Type.Array(WarningJournalSchema) });
export const JournalImportResultSchema = Obj('JournalImportResult', {
  imported: Count(),
  errors: Type.Array(
    Obj('JournalImportError', {
      row: Type.Integer({ minimum: 2 }),
      field: StringEnum(['issn', 'title', 'source'] as const),
      message: Type.String(),
    }),
  ),
});

const RankedOrgSchema = Obj('RankedOrganisation', {
  id: Id(),
  name: Type.String(),
  regionCode: Type.String(),
  confirmedCases: Type.Integer({ minimum: 1 }),
  rank: Type.Integer({ minimum: 1 }),
  frequent: Type.Boolean({ description: 'among the top ranks: a frequent unit or region (000 §4)' }),
});
export const RankingSchema = Obj('Ranking', {
  quarter: Type.String({ example: '2026Q3' }),
  from: Day(),
  to: Day(),
  top: Type.Integer({ minimum: 1 }),
  units: Type.Array(RankedOrgSchema),
  regions: Type.Array(RankedOrgSchema),
});

// --- notifications -------------------------------------------------------------------------------------------------

export const NOTIFICATION_STATUS_NAMES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'] as const;
export const NotificationSchema = Obj('Notification', {
  id: Id(),
  caseId: Nullable(Id()),
  caseNumber: Nullable(Type.String()),
  template: Type.String(),
  audience: Type.String(),
  deadlineKind: Nullable(Type.String()),
  dueDate: Nullable(Day()),
  stage: Nullable(Type.String()),
  recipient: Obj('NotificationRecipient', {
    userId: Nullable(Id()),
    username: Nullable(Type.String()),
    email: Type.String({ description: "masked (l***@example.org) for a reporter's address unless you handle the case" }),
    masked: Type.Boolean(),
  }),
  subject: Type.String(),
  body: Type.String(),
  locale: Type.String(),
  messageId: Type.String(),
  status: StringEnum(NOTIFICATION_STATUS_NAMES),
  attempts: Count(),
  lastError: Nullable(Type.String()),
  skipReason: Nullable(
    Type.String({ description: 'skipped: why the reminder was not sent (its deadline met, closed, suspended or moved meanwhile)' }),
  ),
  smtpResponse: Nullable(Type.String()),
  createdAt: Instant(),
  sentAt: Nullable(Instant()),
  nextAttemptAt: Nullable(Instant()),
});
export const NotificationPageSchema = Obj('NotificationPage', {
  items: Type.Array(NotificationSchema, { description: 'newest first' }),
  total: Count(),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
});
export const NotificationRetrySchema = Obj('NotificationRetryResult', {
  id: Id(),
  status: StringEnum(NOTIFICATION_STATUS_NAMES),
  attempts: Count(),
  lastError: Nullable(Type.String()),
  skipReason: Nullable(Type.String()),
  sentAt: Nullable(Instant()),
});

// --- papers --------------------------------------------------------------------------------------------------------

const paperFields = {
  id: Id(),
  workflowId: Type.String(),
  batch: Type.String(),
  number: Type.String(),
  title: Type.String(),
  authors: Type.Array(Type.String()),
  correspondingUnit: Type.String(),
  regionCode: Type.String(),
  journal: Type.String(),
  doi: Nullable(Type.String()),
  retractionDate: Nullable(Day()),
  source: Type.String(),
  dispatchingDepartment: Nullable(Type.String({ description: '转办部门 as imported' })),
  status: StringEnum(PAPER_STATUSES),
  holder: Obj('PaperHolder', { orgId: Id(), name: Type.String(), level: Type.String() }),
  currentOrgId: Nullable(Id(), { description: 'who must act next; null once approved' }),
  currentOrgName: Nullable(Type.String()),
  reviewLevel: Nullable(Type.String()),
  caseId: Nullable(Id()),
  caseNumber: Nullable(Type.String()),
  rounds: Count(),
  version: Type.Integer({ minimum: 0 }),
  updatedAt: Instant(),
};
export const PAPER_TASK_NAMES = ['dispatch', 'handle', 'revise', 'formal_submission', 'review', 'pre_review'] as const;
export const CHAIN_POSITIONS = [
  'approved',
  'reviewing',
  'pre_reviewing',
  'skipped',
  'returned',
  'consented',
  'waiting',
] as const satisfies readonly ChainPosition[];
export const PaperListItemSchema = Obj('PaperListItem', {
  ...paperFields,
  task: Type.Optional(Nullable(StringEnum(PAPER_TASK_NAMES), { description: 'work lists (waitingFor=me): what the paper asks of you' })),
  onBehalfOf: Type.Optional(Id({ description: 'work lists: the institution without accounts whose side you enter (002)' })),
});
export const PaperPageSchema = Obj('PaperPage', {
  total: Count(),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
  items: Type.Array(PaperListItemSchema),
});
export const PaperSchema = Obj('Paper', {
  ...paperFields,
  version: Type.Integer({ minimum: 0, description: 'also the ETag: send it back as If-Match' }),
  affiliation: Obj('PaperAffiliation', {
    text: Type.String({ description: '第一通讯作者所在单位 as written in the source' }),
    unit: Type.String(),
    matchedOrganisation: Nullable(
      Obj('MatchedOrganisation', { orgId: Id(), name: Type.String(), matchedBy: StringEnum(['dispatch', 'name'] as const) }),
    ),
  }),
  dispatchedBy: Nullable(Obj('PaperDispatcher', { orgId: Id(), name: Type.String(), level: Type.String() }), {
    description: 'the organisation that dispatched it last',
  }),
  chain: Type.Optional(
    Type.Array(
      Obj('PaperChainLevel', {
        orgId: Id(),
        path: Type.String(),
        level: Type.String(),
        name: Type.String(),
        preReview: Type.Boolean(),
        letterOnApproval: Type.Optional(Type.Boolean()),
        position: StringEnum(CHAIN_POSITIONS),
      }),
      { description: 'the review chain, lowest first; absent once the paper workflow has ended' },
    ),
  ),
  reviewStarted: Type.Optional(Type.Boolean()),
  case: Nullable(
    Obj('PaperCase', {
      id: Id(),
      number: Nullable(Type.String()),
      phase: Phase(),
      decided: Type.Boolean(),
      decisionVersion: Nullable(Type.Integer({ minimum: 1 })),
    }),
  ),
  returns: Type.Array(
    Obj('PaperReturn', {
      seq: Type.Integer({ minimum: 1 }),
      at: Instant(),
      stage: Nullable(Type.String()),
      level: Nullable(Type.String()),
      byOrgId: Nullable(Type.String()),
      byOrgName: Nullable(Type.String()),
      opinion: Nullable(Type.String()),
      letterFileId: Nullable(Type.String()),
      revision: Nullable(
        Obj('PaperReturnRevision', {
          decisionId: Id(),
          version: Type.Integer({ minimum: 1 }),
          reason: Nullable(Type.String()),
          at: Instant(),
          status: StringEnum(DECISION_STATUSES),
          effectiveDate: Nullable(Day()),
        }),
      ),
      resubmission: Nullable(
        Obj('PaperResubmission', {
          seq: Type.Integer({ minimum: 1 }),
          at: Instant(),
          type: Type.String(),
          decisionId: Nullable(Type.String()),
          decisionVersion: Nullable(Type.Integer()),
        }),
      ),
    }),
    { description: 'every return (退回修改) with its opinion, who returned it and what answered it' },
  ),
  allowedActions: Type.Array(StringEnum(PAPER_ACTIONS), { description: 'what the caller may do now' }),
});

const statusCounts = () =>
  Obj('PaperStatusCounts', Object.fromEntries(PAPER_STATUSES.map((s) => [s, Count()])) as Record<string, ReturnType<typeof Count>>);
export const PaperProgressSchema = Obj('PaperProgress', {
  orgId: Id(),
  name: Type.String(),
  total: Count(),
  byStatus: statusCounts(),
  atThisLevel: statusCounts(),
  awaitingThisOrganisation: Count(),
  children: Type.Array(
    Obj('PaperProgressChild', { orgId: Id(), name: Type.String(), level: Type.String(), total: Count(), byStatus: statusCounts() }),
  ),
});
export const PaperImportResultSchema = Obj('PaperImportResult', {
  imported: Count(),
  unchanged: Count({ description: 'rows already imported (batch + number)' }),
  errors: Type.Array(Obj('PaperImportError', { row: Type.Integer({ minimum: 1 }), reason: Type.String() })),
  papers: Type.Array(
    Obj('ImportedPaper', {
      id: Id(),
      batch: Type.String(),
      number: Type.String(),
      row: Type.Integer({ minimum: 2 }),
      leadId: Nullable(Id({ description: 'the lead this paper follows (issue 22), if any' })),
      leadNumber: Nullable(Type.String()),
    }),
  ),
});
export const PaperBatchDispatchSchema = Obj('PaperBatchDispatch', {
  dispatched: Type.Array(Obj('DispatchedPaper', { paperId: Id(), number: Type.String(), toOrgId: Id(), toName: Type.String() })),
  errors: Type.Array(
    Obj('PaperDispatchError', {
      paperId: Id(),
      number: Type.String(),
      reason: Type.String(),
      candidates: Type.Optional(
        Type.Array(Obj('DispatchCandidate', { orgId: Id(), name: Type.String(), level: Type.String(), regionCode: Type.String() })),
      ),
    }),
  ),
});
export const ReviewSettingsSchema = Obj('ReviewSettings', {
  orgId: Id(),
  name: Type.String(),
  level: Type.String(),
  preReview: Type.Boolean({ description: 'drafts are pre-reviewed (004 二(二))' }),
  preReviewAllowed: Type.Boolean({ description: 'the level may pre-review (PAPER_PRE_REVIEW_LEVELS)' }),
  preReviewLevels: Type.Array(Type.String()),
  approvalLetterRequired: Type.Boolean({ description: 'approvals carry the official letter (002)' }),
});
export const PaperEventSchema = Obj('PaperEvent', {
  seq: Type.Integer({ minimum: 1 }),
  type: Type.String(),
  at: Instant(),
  actor: Nullable(OpenObject('who acted (userId, role, orgId, name, onBehalfOf)')),
  data: OpenObject("the event's details; their keys depend on the type"),
});

// --- supervision ---------------------------------------------------------------------------------------------------

export const SupervisedDeadlineViewSchema = Obj(
  'SupervisedDeadlineView',
  {
    subject: StringEnum(['case', 'lead'] as const, {
      description: "a case's deadline, or a lead's triage deadline (kind lead_triage, issue 22)",
    }),
    caseId: Nullable(Id(), { description: 'null for a lead' }),
    caseNumber: Nullable(Type.String({ example: 'SC-2026-000123' }), { description: 'null for a lead' }),
    leadId: Type.Optional(Id({ description: 'a lead: GET /leads/{leadId}' })),
    leadNumber: Type.Optional(Type.String({ example: 'JC202612-001', description: "a lead's number" })),
    kind: StringEnum(DEADLINE_KINDS),
    kindLabel: Type.String({ example: '受理决定', description: "the kind's name in the case's policy profile" }),
    dueDate: Day({ description: 'due day (Asia/Shanghai); due at its 23:59:59' }),
    dueAt: Instant(),
    provisional: Type.Boolean({ description: 'counted over a year whose holiday notice is not loaded yet' }),
    status: StringEnum(['open', 'overdue', 'suspended'] as const, {
      description: 'suspended: the case is suspended (003 art.23), the deadline does not count',
    }),
    overdueWorkingDays: Count({
      description: 'working days past the due day (0 for an open deadline); for a suspended one, as on the day the suspension began',
    }),
    remainingWorkingDays: Count({
      description: 'working days left, in (today, due day] (0 once due); for a suspended one, counted to the day the suspension began',
    }),
    suspendedOn: Type.Optional(Day({ description: 'a suspended deadline: the day counting stopped (003 art.23)' })),
    handlingOrgId: Id(),
    handlingOrgPath: Type.Array(Type.String(), { description: 'names, root first' }),
    responsibleOfficers: Type.Array(Type.String(), {
      description: 'names of the active case officers and integrity administrators of the handling organisation',
    }),
    profile: Type.String({ example: 'national-2022' }),
    phase: Type.String({ example: 'intake', description: "the case's phase, or the lead's status" }),
  },
  { description: 'deliberately without reporter identity, report materials or contact data (RULES.md §7, 003 art.46)' },
);
export type SupervisedDeadlineView = Static<typeof SupervisedDeadlineViewSchema>;

export const SupervisedDeadlinePageSchema = Obj('SupervisedDeadlinePage', {
  total: Count(),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
  asOf: Day({ description: 'the day working days are counted from (Asia/Shanghai)' }),
  withinWorkingDays: Type.Optional(Count({ description: 'due-soon list: open deadlines due within this many working days' })),
  dueOnOrBefore: Type.Optional(Day({ description: 'due-soon list: the last due day that counts as due soon' })),
  items: Type.Array(SupervisedDeadlineViewSchema),
});
export type SupervisedDeadlinePage = Static<typeof SupervisedDeadlinePageSchema>;

const countFields = {
  cases: Count({ description: 'cases handled in the subtree' }),
  openCases: Count({ description: 'cases not closed' }),
  overdueDeadlines: Count(),
  dueSoonDeadlines: Count(),
};
const SummaryOrgSchema = Obj('SummaryOrganisation', {
  id: Id(),
  name: Type.String(),
  level: Type.String(),
  parentId: Nullable(Id(), { description: 'null at the top of your scope' }),
  path: Type.Array(Type.String(), { description: 'names, root first' }),
});
export const SupervisionSummarySchema = Obj('SupervisionSummary', {
  organisation: SummaryOrgSchema,
  asOf: Day(),
  withinWorkingDays: Count(),
  totals: Obj('SupervisionCounts', countFields, { description: 'the whole subtree' }),
  own: Obj('SupervisionCounts', countFields, { description: 'cases handled by the organisation itself' }),
  byPhase: Type.Array(Obj('PhaseCount', { phase: Phase(), count: Count() })),
  children: Type.Array(
    Obj('ChildCounts', {
      ...countFields,
      id: Id({ description: 'pass as orgId to drill down' }),
      name: Type.String(),
      level: Type.String(),
    }),
  ),
  overdueByKind: Type.Array(Obj('KindCount', { kind: StringEnum(DEADLINE_KINDS), label: Type.String(), count: Count() })),
  monthly: Type.Array(
    Obj('MonthCount', { month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', example: '2026-11' }), opened: Count(), closed: Count() }),
    { description: 'the last 12 months, oldest first, the current month last' },
  ),
});
export type SupervisionSummary = Static<typeof SupervisionSummarySchema>;

export const OverdueTrendSchema = Obj('OverdueTrend', {
  organisation: SummaryOrgSchema,
  from: Day(),
  to: Day(),
  granularity: StringEnum(['day', 'week', 'month'] as const),
  points: Type.Array(
    Obj('TrendPoint', {
      label: Type.String({ example: '2026-11-16', description: 'day: the day; week: its Monday; month: YYYY-MM' }),
      start: Day({ description: 'first day of the point within [from, to]' }),
      end: Day({ description: 'last day of the point within [from, to]; the count is taken at its end' }),
      at: Instant({ description: 'the instant counted: 00:00 Asia/Shanghai after `end`, or now for today' }),
      overdue: Count({ description: 'deadlines due before `at` and neither met nor closed by then' }),
    }),
    { description: 'oldest first' },
  ),
});
export type OverdueTrend = Static<typeof OverdueTrendSchema>;

/** Every response schema, registered as a component by its title. */
export const VIEW_SCHEMAS: TSchema[] = [
  HealthSchema,
  LivenessSchema,
  LoginResultSchema,
  MeSchema,
  DeadlineAnswerSchema,
  WorkingDaysSchema,
  CalendarYearViewSchema,
  CalendarReloadFailureSchema,
  CalendarReloadSchema,
  CalendarLoadResultSchema,
  ProfileSummarySchema,
  ProfileSchema,
  CatalogueSchema,
  ProfileReminderPolicySchema,
  OrganisationReminderPolicySchema,
  ProfileDefencePeriodSchema,
  OrganisationDefencePeriodSchema,
  CaseCreatedSchema,
  CaseSchema,
  CasePageSchema,
  CaseReporterSchema,
  DenialSchema,
  CaseEventSchema,
  DecisionSchema,
  StoredFileSchema,
  EvidenceFileSchema,
  PaperFileStoredSchema,
  PaperFileSchema,
  AuditRecordSchema,
  AuditVerifySchema,
  AuditHeadSchema,
  OrganisationViewSchema,
  ImportResultViewSchema,
  UserViewSchema,
  OrgMemberSchema,
  RegistryEntrySchema,
  RegistryPersonSchema,
  RegistryCheckSchema,
  RegistryEntryDetailSchema,
  WarningJournalSchema,
  JournalLookupSchema,
  JournalImportResultSchema,
  RankingSchema,
  NotificationPageSchema,
  NotificationRetrySchema,
  PaperPageSchema,
  PaperSchema,
  PaperProgressSchema,
  PaperImportResultSchema,
  PaperBatchDispatchSchema,
  ReviewSettingsSchema,
  PaperEventSchema,
  SupervisedDeadlinePageSchema,
  SupervisionSummarySchema,
  OverdueTrendSchema,
];
