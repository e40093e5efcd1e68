/**
 * Leads (线索, issue 22; 004 二(一); 000 §1): request bodies (closed: unknown keys refused) and responses of `/leads`,
 * `/leads/import`, `/leads/review-queue` and `/organisations/{id}/aliases`. One schema per triage action, documented
 * as its own operation `POST /api/v1/leads/{id}/actions/{action}`.
 */
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { LEAD_CATEGORIES, LEAD_CLOSE_REASONS, LEAD_ORIGINS, LEAD_STATUSES, type LeadActionName } from '@libs/domain/src/lead';
import { Body, IsoDate, StringEnum, StringList, Text, Uuid } from './primitives';
import { Nullable } from './responses';

const DOI_PATTERN = '^(https?://(dx\\.)?doi\\.org/)?10\\.[0-9]{4,9}/[^\\s\\u0000]+$';

export const LeadCreateSchema = Body(
  {
    title: Text(1000, { description: 'the paper or the report the lead is about' }),
    category: StringEnum(LEAD_CATEGORIES, {
      description:
        'retraction (a retracted or questioned paper), media (public opinion, 舆情) routine (found in routine management) or report (a report of the reporter channel, made a lead at triage); the source of the case it may become',
    }),
    orgId: Type.Optional(Uuid({ description: 'the organisation that triages it (in your subtree); default: yours' })),
    doi: Type.Optional(
      Type.String({
        maxLength: 300,
        pattern: DOI_PATTERN,
        description: "the paper's DOI; a lead per DOI (a second one answers 409 naming the first)",
      }),
    ),
    authors: Type.Optional(Type.Array(Text(200), { maxItems: 100, description: 'authors in byline order' })),
    journal: Type.Optional(Text(500, { required: false })),
    institution: Type.Optional(Text(2000, { required: false, description: 'the affiliation as the source gives it' })),
    publishedOn: Type.Optional(IsoDate({ description: 'publication date of the paper' })),
    retractionDate: Type.Optional(IsoDate()),
    summary: Type.Optional(Text(4000, { required: false, description: 'what the lead says (a media report, a complaint)' })),
    receivedOn: Type.Optional(
      IsoDate({
        description: 'the day the lead came in (Asia/Shanghai), not in the future; the triage deadline counts from it; default today',
      }),
    ),
  },
  { title: 'LeadCreate' },
);
export type LeadCreate = Static<typeof LeadCreateSchema>;

const note = Type.Optional(Text(2000, { required: false, description: 'note on the timeline' }));

export const LEAD_ACTION_CONTRACT = {
  dispatch: {
    summary: 'Dispatch the lead to a child organisation (转派), which triages it in turn within its own triage deadline',
    body: Body({ targetOrgId: Uuid({ description: 'a child organisation (one level down) of the organisation holding the lead' }), note }),
  },
  open_case: {
    summary: 'Open a case for the lead at the organisation holding it (its registration and workflow start; the case links back)',
    body: Body({
      source: Type.Optional(StringEnum(LEAD_CATEGORIES, { description: "the case's source (RULES.md §2); default: the lead's category" })),
      note,
    }),
  },
  close: {
    summary: 'Close the lead without a case, with a reason',
    body: Body({
      reason: StringEnum(LEAD_CLOSE_REASONS, {
        description:
          'not_misconduct, no_evidence, duplicate, decided_without_new_evidence (001 art.13), outside_jurisdiction, other (note required)',
      }),
      note,
    }),
  },
} satisfies Record<LeadActionName, { summary: string; body: TObject }>;

export const ReviewAssignSchema = Body(
  {
    orgId: Uuid({ description: 'the organisation (in your subtree) the record concerns: the lead is created there' }),
    addAlias: Type.Optional(
      Text(300, {
        description:
          'also record this name (e.g. the affiliation as the export writes it) as an alias of the organisation, so the next import matches it',
      }),
    ),
    note,
  },
  { title: 'ReviewAssign' },
);

export const ReviewDismissSchema = Body(
  { note: Text(2000, { description: 'why the record concerns no organisation of the tree' }) },
  { title: 'ReviewDismiss' },
);

export const OrgAliasesSchema = Body(
  {
    aliases: StringList(Text(300), {
      maxItems: 30,
      description: 'other names the organisation is published under (matched whole, ignoring case and punctuation)',
    }),
  },
  { title: 'OrgAliases' },
);

// --- responses ----------------------------------------------------------------------------------------------

const OrgRef = Type.Object(
  { orgId: Uuid(), name: Type.String(), level: Type.String() },
  { title: 'LeadOrgRef', additionalProperties: false },
);

export const LeadDeadlineSchema = Type.Object(
  {
    round: Type.Integer({ minimum: 0, description: 'stay at an organisation: 0 at creation, +1 per dispatch' }),
    kind: StringEnum(['lead_triage'] as const),
    orgId: Uuid(),
    orgName: Type.String(),
    dueDate: IsoDate(),
    dueAt: Type.String({ format: 'date-time' }),
    provisional: Type.Boolean(),
    status: StringEnum(['open', 'met', 'overdue', 'closed'] as const),
    remainingWorkingDays: Type.Integer({ minimum: 0 }),
    overdueWorkingDays: Type.Integer({ minimum: 0 }),
  },
  { title: 'LeadDeadline', additionalProperties: false },
);

export const LeadViewSchema = Type.Object(
  {
    id: Uuid(),
    number: Type.String({ example: 'JC202612-001', description: 'numbered per organisation and month' }),
    numberOrgId: Uuid({ description: 'the organisation whose counter gave the number' }),
    origin: StringEnum(LEAD_ORIGINS),
    category: StringEnum(LEAD_CATEGORIES),
    title: Type.String(),
    doi: Nullable(Type.String()),
    authors: Type.Array(Type.String()),
    institution: Nullable(Type.String()),
    journal: Nullable(Type.String()),
    publishedOn: Nullable(IsoDate()),
    retractionDate: Nullable(IsoDate()),
    summary: Nullable(Type.String()),
    sourceRef: Nullable(Type.String({ description: "the monitoring record's id (Retraction Watch Record ID)" })),
    details: Type.Object(
      {},
      { additionalProperties: true, description: 'what the source gave besides (reasons, subjects, matched organisations, …)' },
    ),
    paperId: Nullable(Uuid({ description: 'the paper of the national import this lead follows' })),
    status: StringEnum(LEAD_STATUSES),
    holder: OrgRef,
    caseId: Nullable(Uuid()),
    caseNumber: Nullable(Type.String()),
    closeReason: Nullable(StringEnum(LEAD_CLOSE_REASONS)),
    closeNote: Nullable(Type.String()),
    triage: Nullable(LeadDeadlineSchema, { description: 'the current triage deadline' }),
    version: Type.Integer({ description: 'send it as If-Match: "<version>" with an action' }),
    allowedActions: Type.Array(StringEnum(['dispatch', 'open_case', 'close'] as const), { description: 'what the caller may do now' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'LeadView', additionalProperties: false },
);

export const LeadDetailSchema = Type.Object(
  { ...LeadViewSchema.properties, deadlines: Type.Array(LeadDeadlineSchema, { description: 'every stay, oldest first' }) },
  { title: 'LeadDetail', additionalProperties: false },
);

export const LeadPageSchema = Type.Object(
  {
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    asOf: IsoDate({ description: 'the day working days are counted from (Asia/Shanghai)' }),
    items: Type.Array(LeadViewSchema),
  },
  { title: 'LeadPage', additionalProperties: false },
);

export const LeadEventSchema = Type.Object(
  {
    seq: Type.Integer(),
    type: Type.String({
      description:
        'lead_opened, lead_dispatched, lead_returned, case_requested, case_opened, lead_closed, triage_overdue, deadline_recomputed, notice_undelivered',
    }),
    at: Type.String({ format: 'date-time' }),
    actor: Nullable(Type.Object({}, { additionalProperties: true })),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { title: 'LeadEvent', additionalProperties: false },
);

const RowError = Type.Object({ row: Type.Integer(), reason: Type.String() }, { title: 'ImportRowError', additionalProperties: false });

export const LeadImportResultSchema = Type.Object(
  {
    imported: Type.Integer({ description: 'new leads' }),
    duplicates: Type.Integer({ description: 'rows whose DOI or record already has a lead (nothing changed)' }),
    queued: Type.Integer({
      description: 'rows naming China whose affiliations match no organisation of your subtree: in the review queue',
    }),
    foreign: Type.Integer({ description: 'rows of other countries: skipped' }),
    errors: Type.Array(RowError, { description: 'rows refused, with their row number (header = 1)' }),
    leads: Type.Array(
      Type.Object(
        { row: Type.Integer(), id: Uuid(), number: Type.String(), holderOrgId: Uuid(), holderName: Type.String() },
        { additionalProperties: false },
      ),
    ),
    duplicateRows: Type.Array(
      Type.Object({ row: Type.Integer(), leadId: Uuid(), leadNumber: Type.String() }, { additionalProperties: false }),
    ),
    queuedRows: Type.Array(
      Type.Object(
        { row: Type.Integer(), reviewId: Nullable(Uuid({ description: 'null when queued by an earlier import' })) },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'LeadImportResult', additionalProperties: false },
);

export const ReviewItemSchema = Type.Object(
  {
    id: Uuid(),
    origin: Type.String(),
    sourceRef: Type.String(),
    title: Type.String(),
    doi: Nullable(Type.String()),
    institution: Type.String({ description: 'the affiliations as the export gives them' }),
    country: Nullable(Type.String()),
    status: StringEnum(['pending', 'assigned', 'dismissed'] as const),
    leadId: Nullable(Uuid()),
    note: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'ReviewItem', additionalProperties: false },
);

export const ReviewPageSchema = Type.Object(
  { total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(ReviewItemSchema) },
  { title: 'ReviewPage', additionalProperties: false },
);

export const OrgAliasesViewSchema = Type.Object(
  { orgId: Uuid(), name: Type.String(), aliases: Type.Array(Type.String()) },
  { title: 'OrgAliasesView', additionalProperties: false },
);

/** Components the OpenAPI document registers (apps/api/src/common/openapi.ts). */
export const LEAD_SCHEMAS: Record<string, TSchema> = {
  LeadCreate: LeadCreateSchema,
  ReviewAssign: ReviewAssignSchema,
  ReviewDismiss: ReviewDismissSchema,
  OrgAliases: OrgAliasesSchema,
  LeadView: LeadViewSchema,
  LeadDetail: LeadDetailSchema,
  LeadPage: LeadPageSchema,
  LeadEvent: LeadEventSchema,
  LeadImportResult: LeadImportResultSchema,
  ReviewItem: ReviewItemSchema,
  ReviewPage: ReviewPageSchema,
  OrgAliasesView: OrgAliasesViewSchema,
};
