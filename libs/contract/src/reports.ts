/**
 * The reporter channel and linked cases (issue 23 points 1 and 3): request bodies (validated with `conform`, unknown
 * keys refused) and answers (documented in OpenAPI as components named by their titles). Pure.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Body, Email, IsoDate, StringEnum, StringList, Text, Uuid } from './primitives';
import { Nullable } from './responses';

export const REPORT_STATUS_VALUES = ['received', 'accepted', 'not_accepted', 'in_investigation', 'decided'] as const;

const Status = (description: string) => StringEnum(REPORT_STATUS_VALUES, { description });
const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const Sha256 = () =>
  Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes (or of the message text), lower-case hex' });
const Doi = () => Type.String({ maxLength: 200, pattern: '^10\\.[0-9]{4,9}/[^\\s\\u0000]+$', description: 'DOI, e.g. 10.1000/xyz123' });

const Subject = Type.Object(
  {
    name: Text(100, { description: 'name of the person reported' }),
    organisation: Type.Optional(
      Text(200, { description: 'their organisation (with the name, it finds the same person reported elsewhere)' }),
    ),
  },
  { title: 'ReportSubject', additionalProperties: false },
);

const Paper = Type.Object(
  {
    title: Type.Optional(Text(500)),
    journal: Type.Optional(Text(300)),
    doi: Type.Optional(Doi()),
  },
  { title: 'ReportPaper', additionalProperties: false },
);

/** [decision] At least 10 characters; a long passphrase is welcome (scrypt takes up to 200). */
export const REPORT_PASSWORD_MIN = 10;

export const FileReportBodySchema = Body(
  {
    organisationId: Uuid({ description: 'the organisation the report is addressed to (GET /reports/organisations)' }),
    anonymous: Type.Boolean({
      description: 'true: anonymous (匿名举报), no name; false: real-name (实名举报), name and a contact required',
    }),
    reporter: Type.Optional(
      Body(
        {
          name: Type.Optional(Text(100, { description: 'real-name reports only' })),
          phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+() -]{5,40}$', description: 'real-name reports only' })),
          email: Type.Optional(
            Email({ description: 'where "you have a new message" is sent (no content, no link); anonymous reporters may leave one too' }),
          ),
        },
        { title: 'ReporterContact', description: 'who reports; seen only by the handlers of the case (003 art.46)' },
      ),
    ),
    password: Type.String({
      minLength: REPORT_PASSWORD_MIN,
      maxLength: 200,
      pattern: '^[^\\u0000]*$',
      description: `chosen by the reporter, at least ${REPORT_PASSWORD_MIN} characters; with the report key it opens the report`,
    }),
    title: Text(200, { description: 'what the report is about, in a line' }),
    summary: Text(20000, { description: 'the allegations: what happened, where, when, who knows' }),
    subjects: StringList(Subject, { minItems: 1, maxItems: 20, description: 'the people reported' }),
    allegations: StringList(Type.String({ maxLength: 10, pattern: '^[0-9]{1,2}$' }), {
      maxItems: 20,
      description: "misconduct type codes of the organisation's policy profile (GET /reports/organisations/{id})",
    }),
    paper: Type.Optional(Paper),
  },
  { title: 'FileReportBody' },
);

export const ReportFiledSchema = Type.Object(
  {
    key: Type.String({
      pattern: '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$',
      description:
        'the report key: shown this once and stored only as a hash. With the password it opens the report (HTTP Basic: key as user name)',
    }),
    status: Status('received'),
    receivedAt: DateTime(),
    organisation: Type.Object({ id: Uuid(), name: Type.String() }, { additionalProperties: false }),
  },
  { title: 'ReportFiled', additionalProperties: false },
);

export const ReportFileSchema = Type.Object(
  {
    id: Uuid(),
    filename: Type.String(),
    contentType: Type.String(),
    size: Type.Integer({ minimum: 1 }),
    sha256: Sha256(),
    from: StringEnum(['reporter', 'office'] as const),
    uploadedAt: DateTime(),
    messageId: Nullable(Uuid(), { description: 'the message it was sent with; null for a file not sent with a message (yet)' }),
  },
  { title: 'ReportFile', additionalProperties: false },
);

/** What the reporter reads: their own report, the status the office shows, the messages of both sides. */
export const ReporterMessageSchema = Type.Object(
  {
    id: Uuid(),
    seq: Type.Integer({ minimum: 1 }),
    from: StringEnum(['reporter', 'office'] as const),
    body: Type.String(),
    at: DateTime(),
    attachments: Type.Array(ReportFileSchema),
  },
  { title: 'ReporterMessage', additionalProperties: false },
);

export const ReporterViewSchema = Type.Object(
  {
    organisation: Type.Object({ name: Type.String() }, { additionalProperties: false }),
    receivedAt: DateTime(),
    anonymous: Type.Boolean(),
    status: Status('what the office chooses to show: received, accepted, not_accepted, in_investigation, decided'),
    statusNote: Nullable(Type.String(), { description: 'a note of the office with the status' }),
    statusAt: DateTime(),
    title: Type.String(),
    summary: Type.String(),
    subjects: Type.Array(Subject),
    allegations: Type.Array(Type.String()),
    paper: Nullable(Paper),
    messages: Type.Array(ReporterMessageSchema),
    files: Type.Array(ReportFileSchema, { description: 'your files, and the files the office sent with its messages' }),
    unread: Type.Integer({ minimum: 0, description: 'messages of the office not read before this request' }),
  },
  { title: 'ReporterView', additionalProperties: false },
);

export const ReporterMessageBodySchema = Body(
  {
    body: Text(10000, { description: 'the message' }),
    attachmentIds: Type.Optional(
      StringList(Uuid(), { maxItems: 10, description: 'files uploaded before (POST …/files) and not sent yet' }),
    ),
  },
  { title: 'ReporterMessageBody' },
);

export const HandlerMessageBodySchema = Body(
  {
    body: Text(10000, { description: 'the message to the reporter (no internal details: the reporter reads it as written)' }),
    attachmentIds: Type.Optional(
      StringList(Uuid(), { maxItems: 10, description: 'files uploaded with POST /cases/{id}/reporter-messages/files and not sent yet' }),
    ),
    reportId: Type.Optional(Uuid({ description: 'which report of the case (needed once duplicates were merged into it)' })),
  },
  { title: 'HandlerMessageBody' },
);

export const ReportStatusBodySchema = Body(
  {
    status: Status('what the reporter sees'),
    note: Type.Optional(Text(2000, { required: false, description: 'shown to the reporter with the status' })),
    reportId: Type.Optional(Uuid({ description: 'which report of the case; absent = all of them' })),
  },
  { title: 'ReportStatusBody' },
);

/** A message as handlers read it: who of the office wrote it. */
export const CaseReporterMessageSchema = Type.Object(
  {
    ...ReporterMessageSchema.properties,
    author: Nullable(Type.Object({ userId: Uuid(), name: Nullable(Type.String()) }, { additionalProperties: false })),
    readByReporterAt: Nullable(DateTime()),
    caseId: Nullable(Uuid(), { description: 'the case it was exchanged under' }),
  },
  { title: 'CaseReporterMessage', additionalProperties: false },
);

export const CaseReportSchema = Type.Object(
  {
    reportId: Uuid(),
    receivedAt: DateTime(),
    anonymous: Type.Boolean(),
    notices: Type.Boolean({ description: 'the reporter left an e-mail address for "you have a new message"' }),
    status: Status('what the reporter sees'),
    statusNote: Nullable(Type.String()),
    suggestedStatus: Status("the status the case's phase suggests (the office decides what to show)"),
    messages: Type.Array(CaseReporterMessageSchema),
    files: Type.Array(ReportFileSchema),
  },
  { title: 'CaseReport', additionalProperties: false },
);

export const CaseReporterChannelSchema = Type.Object(
  { caseId: Uuid(), reports: Type.Array(CaseReportSchema) },
  { title: 'CaseReporterChannel', additionalProperties: false },
);

export const InboxReportSchema = Type.Object(
  {
    id: Uuid(),
    receivedAt: DateTime(),
    anonymous: Type.Boolean(),
    reporter: Nullable(
      Type.Object(
        { name: Type.Optional(Type.String()), phone: Type.Optional(Type.String()), email: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
      {
        description: 'identity and contact (003 art.46: the receiving office only); every read of it is audited',
      },
    ),
    title: Type.String(),
    summary: Type.String(),
    subjects: Type.Array(Subject),
    allegations: Type.Array(Type.String()),
    paper: Nullable(Paper),
    status: Status('what the reporter sees'),
    // OpenAPI 3.0: a nullable enum lists null among its values.
    triage: Type.Unsafe<'case' | 'refused' | 'lead' | null>({ type: 'string', enum: ['case', 'refused', 'lead', null], nullable: true }),
    triagedAt: Nullable(DateTime()),
    caseId: Nullable(Uuid()),
    leadId: Nullable(Uuid()),
    files: Type.Array(ReportFileSchema),
  },
  { title: 'InboxReport', additionalProperties: false },
);

export const InboxPageSchema = Type.Object(
  {
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
    items: Type.Array(InboxReportSchema),
  },
  { title: 'InboxPage', additionalProperties: false },
);

export const OpenCaseFromReportBodySchema = Body(
  {
    title: Type.Optional(Text(500, { description: "the case's title; defaults to the report's" })),
    receivedAt: Type.Optional(IsoDate({ description: 'date received (Asia/Shanghai); defaults to the day the report was filed' })),
    allegations: Type.Optional(
      StringList(Type.String({ maxLength: 10, pattern: '^[0-9]{1,2}$' }), {
        maxItems: 20,
        description: "misconduct type codes; default the report's",
      }),
    ),
    note: Type.Optional(Text(2000, { required: false, description: 'triage note (internal)' })),
    statusNote: Type.Optional(Text(2000, { required: false, description: 'shown to the reporter with the status "received"' })),
  },
  { title: 'OpenCaseFromReportBody' },
);

export const RefuseReportBodySchema = Body(
  {
    note: Text(2000, { description: 'why (internal)' }),
    statusNote: Type.Optional(Text(2000, { required: false, description: 'shown to the reporter with the status "not_accepted"' })),
  },
  { title: 'RefuseReportBody' },
);

export const MakeLeadBodySchema = Body(
  {
    note: Type.Optional(Text(2000, { required: false, description: 'triage note (internal)' })),
    statusNote: Type.Optional(Text(2000, { required: false, description: 'shown to the reporter with the status "received"' })),
  },
  { title: 'MakeLeadBody' },
);

export const TriageResultSchema = Type.Object(
  {
    reportId: Uuid(),
    triage: StringEnum(['case', 'refused', 'lead'] as const),
    status: Status('what the reporter sees now'),
    case: Nullable(
      Type.Object({ id: Uuid(), number: Type.String(), phase: Type.String(), version: Type.Integer() }, { additionalProperties: false }),
    ),
    lead: Type.Optional(
      Type.Object(
        { id: Uuid(), number: Type.String() },
        { additionalProperties: false, description: 'the lead the report became (triage lead)' },
      ),
    ),
  },
  { title: 'TriageResult', additionalProperties: false },
);

export const PublicOrganisationSchema = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    level: Type.String(),
    misconductTypes: Type.Optional(
      Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() }, { additionalProperties: false })),
    ),
  },
  { title: 'PublicOrganisation', additionalProperties: false },
);

// --- linked and merged cases -------------------------------------------------------------------------------------

export const CaseLinkBodySchema = Body(
  {
    caseId: Uuid({ description: 'the other case (visible to you)' }),
    note: Text(2000, { description: 'how the cases are related' }),
  },
  { title: 'CaseLinkBody' },
);

const CaseRef = {
  caseId: Uuid(),
  number: Type.String(),
  title: Type.String(),
  phase: Type.String(),
};

export const CaseLinkSchema = Type.Object(
  {
    id: Uuid(),
    kind: StringEnum(['related', 'merged'] as const, {
      description: 'related: linked by an officer; merged: one case was merged into the other',
    }),
    direction: StringEnum(['to', 'from'] as const, {
      description: 'to: this case links to (or was merged into) the other; from: the other one did',
    }),
    note: Nullable(Type.String()),
    createdAt: DateTime(),
    createdBy: Nullable(Uuid()),
    ...CaseRef,
  },
  { title: 'CaseLink', additionalProperties: false },
);

export const RelatedSuggestionSchema = Type.Object(
  {
    ...CaseRef,
    receivedAt: IsoDate(),
    reasons: Type.Array(
      Type.Object(
        {
          kind: StringEnum(['doi', 'subject'] as const),
          doi: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
          organisation: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    linked: Type.Boolean({ description: 'already linked or merged' }),
  },
  { title: 'RelatedSuggestion', additionalProperties: false },
);

export const RelatedPaperSchema = Type.Object(
  {
    paperId: Uuid(),
    batch: Type.String(),
    number: Type.String(),
    title: Type.String(),
    doi: Type.String(),
    status: Type.String(),
    caseId: Nullable(Uuid()),
  },
  { title: 'RelatedPaper', additionalProperties: false },
);

export const RelatedLeadSchema = Type.Object(
  {
    leadId: Uuid(),
    number: Type.String(),
    title: Type.String(),
    doi: Nullable(Type.String()),
    status: Type.String(),
    caseId: Nullable(Uuid()),
    reasons: Type.Array(StringEnum(['doi', 'subject'] as const)),
  },
  { title: 'RelatedLead', additionalProperties: false },
);

export const RelatedViewSchema = Type.Object(
  {
    caseId: Uuid(),
    links: Type.Array(CaseLinkSchema, { description: 'links and merges whose other case you can see' }),
    suggestions: Type.Array(RelatedSuggestionSchema, {
      description: 'cases you can see with the same DOI, or a subject of the same name and organisation',
    }),
    papers: Type.Array(RelatedPaperSchema, { description: 'problem papers you can see with the same DOI' }),
    leads: Type.Array(RelatedLeadSchema, {
      description: 'leads you can see with the same DOI, or naming a subject among their authors at the same institution',
    }),
  },
  { title: 'RelatedView', additionalProperties: false },
);

/** Every schema above, registered as OpenAPI components by their titles (apps/api/src/common/openapi.ts). */
export const REPORT_SCHEMAS: TSchema[] = [
  FileReportBodySchema,
  ReportFiledSchema,
  ReportFileSchema,
  ReporterMessageSchema,
  ReporterViewSchema,
  ReporterMessageBodySchema,
  HandlerMessageBodySchema,
  ReportStatusBodySchema,
  CaseReporterMessageSchema,
  CaseReportSchema,
  CaseReporterChannelSchema,
  InboxReportSchema,
  InboxPageSchema,
  OpenCaseFromReportBodySchema,
  RefuseReportBodySchema,
  MakeLeadBodySchema,
  TriageResultSchema,
  PublicOrganisationSchema,
  CaseLinkBodySchema,
  CaseLinkSchema,
  RelatedSuggestionSchema,
  RelatedPaperSchema,
  RelatedLeadSchema,
  RelatedViewSchema,
];
