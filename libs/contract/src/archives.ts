/**
 * The misconduct-person database by hand, integrity archives and public notices (issue 22 points 2, 3, 6): request bodies
 * (closed: unknown keys refused) and responses of `POST /registry/entries`, `/archives/…` and `/notices`, `/public/notices`.
 * ID numbers go in whole and only ever come back masked; a notice has no field for one.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ARCHIVE_PURPOSES, NOTICE_ACTIONS, NOTICE_STATUSES, TRAINING_KINDS } from '@libs/domain/src/archive';
import { BARRED_ACTIVITIES } from '@libs/domain/src/decision/catalogue';
import { DECISION_STATUSES } from '@libs/domain/src/decision/decision-status';
import { ID_TYPES } from '@libs/domain/src/decision/decision-form';
import { Body, IsoDate, StringEnum, Text, Uuid } from './primitives';
import { Nullable } from './responses';
import { RegistryEntryDetailSchema, RegistryEntrySchema } from './views';

const Instant = () => Type.String({ format: 'date-time' });
const Code = (description: string) => Type.String({ pattern: '^[0-9]{1,2}$', description });

export const PersonInputSchema = Body(
  {
    name: Text(100, { description: '姓名' }),
    organisation: Text(200, { description: '单位 (the unit the person belongs to)' }),
    idType: Type.Optional(
      StringEnum(ID_TYPES, { description: 'prc_resident_id (default; GB 11643, check character verified) or other (passport, permits)' }),
    ),
    idNumber: Type.String({
      minLength: 4,
      maxLength: 30,
      pattern: '^[A-Za-z0-9()-]+$',
      description: 'the identity document number, in full; stored sealed and shown masked (1101052020****0428)',
    }),
  },
  { title: 'PersonInput' },
);

export const ManualEntryCreateSchema = Body(
  {
    person: PersonInputSchema,
    profile: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]{1,40}$',
        description: "the catalogue the measures are read in (national-2022, henan-2021); default: your organisation's policy profile",
      }),
    ),
    severity: Type.Optional(
      Code(
        'severity level code of the catalogue (情节): its measures and period bounds are checked; level 3 and above is serious misconduct (一票否决, 000 §6)',
      ),
    ),
    measures: Type.Array(
      Body({
        code: Code('measure code of the catalogue (national-2022: 003 art.29; henan-2021: 001 art.32)'),
        years: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 50, description: 'period in whole years, for a measure that carries one' }),
        ),
        permanent: Type.Optional(Type.Boolean({ description: 'permanent (直至永久), where the measure (and severity) allow it' })),
        text: Type.Optional(Text(500, { description: 'description, required for 其他处理' })),
      }),
      { minItems: 1, maxItems: 20 },
    ),
    startsOn: IsoDate({
      description:
        'the day the penalty took (or takes) effect: the first barred day; periods end on the corresponding day N years later (the last barred day)',
    }),
    provenance: Body(
      {
        decisionNumber: Text(100, { description: 'the decision document number (文号), e.g. 豫卫科教〔2026〕12号' }),
        issuingBody: Text(200, { description: 'the body that issued the decision' }),
        decidedOn: Type.Optional(IsoDate({ description: 'the date of the decision document' })),
        note: Type.Optional(Text(2000, { required: false })),
      },
      { title: 'ManualEntryProvenance' },
    ),
    awaitsDecision: Type.Optional(
      Type.Boolean({
        description:
          'registered in advance of a decision of this system (004 二(三)): the entry is taken over by the decision that penalises the same person with the same measure of the same catalogue when it takes effect (one entry, not two). Default: true when caseId is given, else false (a penalty decided elsewhere, never merged)',
      }),
    ),
    caseId: Type.Optional(
      Uuid({ description: 'the case (in your subtree) whose decision this registers in advance: only that decision takes it over' }),
    ),
  },
  { title: 'ManualEntryCreate' },
);
export type ManualEntryCreate = Static<typeof ManualEntryCreateSchema>;

const trainingFields = {
  title: Text(300, { description: '培训名称' }),
  kind: StringEnum(TRAINING_KINDS, {
    description:
      'continuing_education (继续教育必修课), induction (入职第一课), case_warning (案例警示教育), ethics (科研伦理与数据管理), other (000 §15)',
  }),
  hours: Type.Optional(Type.Number({ minimum: 0.1, maximum: 1000, description: '学时 (one decimal kept)' })),
  completedOn: IsoDate({ description: 'the day completed, not in the future' }),
  provider: Type.Optional(Text(300, { description: '主办单位' })),
};
export const TrainingCreateSchema = Body(trainingFields, { title: 'TrainingCreate' });
export type TrainingCreate = Static<typeof TrainingCreateSchema>;
export const TrainingRegisterSchema = Body({ person: PersonInputSchema, ...trainingFields }, { title: 'TrainingRegister' });
export type TrainingRegister = Static<typeof TrainingRegisterSchema>;

export const NoticeCreateSchema = Body(
  {
    decisionId: Uuid({ description: 'a decision in force (effective or changed) finding misconduct, of a case in your subtree' }),
    authorOrder: Type.Integer({ minimum: 1, maximum: 200, description: "the penalised person's order in the decision form" }),
    title: Type.Optional(Text(200, { description: 'default: 关于<姓名>科研失信行为处理情况的通报' })),
    body: Type.Optional(Text(4000, { required: false, description: 'further text; ID-shaped numbers in it are masked' })),
  },
  { title: 'NoticeCreate' },
);
export type NoticeCreate = Static<typeof NoticeCreateSchema>;
export const NoticePublishSchema = Body({}, { title: 'NoticePublish' });
export const NoticeWithdrawSchema = Body({ reason: Text(500, { description: 'why it is withdrawn' }) }, { title: 'NoticeWithdraw' });

// --- responses ----------------------------------------------------------------------------------------------

const MaskedPersonSchema = Type.Object(
  { name: Type.String(), idNumber: Type.String({ description: 'masked' }), organisation: Type.String() },
  { title: 'MaskedPerson', additionalProperties: false },
);

export const ManualRegistrationSchema = Type.Object(
  {
    registrationId: Uuid(),
    person: MaskedPersonSchema,
    entries: Type.Array(RegistryEntrySchema, { description: 'one per measure' }),
  },
  { title: 'ManualRegistration', additionalProperties: false },
);

export const RegistryEntryPageSchema = Type.Object(
  {
    items: Type.Array(RegistryEntrySchema),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  },
  { title: 'RegistryEntryPage', additionalProperties: false },
);

export const ArchivePersonSummarySchema = Type.Object(
  {
    id: Uuid({ description: 'the archive page: GET /archives/persons/{id}' }),
    name: Type.String(),
    idNumber: Type.String({ description: 'masked' }),
    organisation: Type.String(),
  },
  { title: 'ArchivePersonSummary', additionalProperties: false },
);
export const ArchivePersonPageSchema = Type.Object(
  {
    items: Type.Array(ArchivePersonSummarySchema),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  },
  { title: 'ArchivePersonPage', additionalProperties: false },
);

const DecisionStepSchema = Type.Object(
  {
    caseEventSeq: Type.Integer(),
    eventType: Type.String(),
    result: Nullable(Type.String()),
    previousStatus: Type.String(),
    status: Type.String(),
    on: Nullable(IsoDate()),
    summary: Nullable(Type.String()),
    recordedAt: Instant(),
  },
  { title: 'DecisionStep', additionalProperties: false },
);

export const TrainingRecordSchema = Type.Object(
  {
    id: Uuid(),
    title: Type.String(),
    kind: StringEnum(TRAINING_KINDS),
    kindLabel: Type.String(),
    hours: Nullable(Type.Number()),
    completedOn: IsoDate(),
    provider: Nullable(Type.String()),
    source: StringEnum(['manual', 'import'] as const),
    recordedBy: Type.String({ description: 'the organisation that recorded it' }),
    recordedAt: Instant(),
  },
  { title: 'TrainingRecord', additionalProperties: false },
);

export const ArchivePersonSchema = Type.Object(
  {
    person: ArchivePersonSummarySchema,
    cases: Type.Array(
      Type.Object(
        {
          id: Uuid(),
          number: Type.String(),
          title: Type.String(),
          phase: Type.String(),
          handlingOrg: Type.String(),
          receivedAt: IsoDate(),
          link: StringEnum(['decision_author', 'subject'] as const, {
            description:
              'decision_author: a decision form names the person by ID number; subject: listed among the subjects by name and unit',
          }),
        },
        { title: 'ArchiveCase', additionalProperties: false },
      ),
      { description: 'cases of your subtree with the person as subject' },
    ),
    decisions: Type.Array(
      Type.Object(
        {
          id: Uuid(),
          caseNumber: Type.String(),
          handlingOrg: Type.String(),
          version: Type.Integer({ minimum: 1 }),
          status: StringEnum(DECISION_STATUSES),
          result: Type.String(),
          effectiveDate: Nullable(IsoDate()),
          profile: Type.String(),
          penalised: Type.Boolean(),
          severity: Nullable(Type.String()),
          misconductTypes: Type.Array(Type.String()),
          measures: Type.Array(
            Type.Object(
              { code: Type.String(), label: Type.String(), years: Nullable(Type.Integer()), permanent: Type.Boolean() },
              { additionalProperties: false },
            ),
          ),
          history: Type.Array(DecisionStepSchema, { description: 'its status over time, oldest first' }),
        },
        { title: 'ArchiveDecision', additionalProperties: false },
      ),
      { description: 'every decision that took effect naming the person, whatever became of it since' },
    ),
    registryEntries: Type.Array(RegistryEntryDetailSchema, {
      description: 'both kinds: from decisions and registered by hand, each with its history',
    }),
    trainings: Type.Array(TrainingRecordSchema),
  },
  { title: 'ArchivePerson', additionalProperties: false },
);

export const ArchiveCheckSchema = Type.Object(
  {
    idNumber: Type.String({ description: 'masked' }),
    purpose: StringEnum(ARCHIVE_PURPOSES),
    purposeLabel: Type.String({ example: '职务晋升' }),
    activities: Type.Array(StringEnum(BARRED_ACTIVITIES), { description: "the catalogue's barred activities the purpose falls under" }),
    on: IsoDate(),
    vetoed: Type.Boolean({ description: '一票否决 on `on` (000 §6)' }),
    until: Nullable(IsoDate({ description: 'last vetoed day (inclusive); null when not vetoed, permanent or without an end' })),
    reasons: Type.Array(
      Type.Object(
        {
          rule: StringEnum(['catalogue_bar', 'serious_misconduct'] as const, {
            description:
              "catalogue_bar: a running measure bars the purpose's activity; serious_misconduct: a serious finding's penalty period runs",
          }),
          article: Type.String(),
          message: Type.String(),
          until: Nullable(IsoDate()),
          entries: Type.Array(RegistryEntrySchema),
        },
        { title: 'ArchiveVetoReason', additionalProperties: false },
      ),
    ),
    linked: Type.Array(RegistryEntrySchema, {
      description: 'penalties running on `on` that do not veto the purpose (关联: to be weighed)',
    }),
  },
  { title: 'ArchiveCheck', additionalProperties: false },
);

export const TrainingImportResultSchema = Type.Object(
  {
    imported: Type.Integer({ minimum: 0 }),
    unchanged: Type.Integer({ minimum: 0, description: 'rows already recorded (same person, title and day)' }),
    errors: Type.Array(Type.Object({ row: Type.Integer({ minimum: 1 }), reason: Type.String() }, { additionalProperties: false })),
  },
  { title: 'TrainingImportResult', additionalProperties: false },
);

const noticeFields = {
  id: Uuid(),
  title: Type.String(),
  personName: Type.String({ description: '姓名' }),
  unit: Type.String({ description: '单位' }),
  misconduct: Type.String({ description: 'the misconduct found (types of the catalogue)' }),
  measures: Type.String({ description: 'the measures, with their periods' }),
  issuingOrg: Type.String(),
  decidedOn: IsoDate({ description: 'the day the decision took effect' }),
  body: Nullable(Type.String()),
  publishedAt: Nullable(Instant()),
};

export const NoticeSchema = Type.Object(
  {
    ...noticeFields,
    caseNumber: Type.String(),
    decisionId: Uuid(),
    decisionStatus: StringEnum(DECISION_STATUSES, { description: 'a notice of a decision no longer in force leaves the public list' }),
    authorOrder: Type.Integer({ minimum: 1 }),
    status: StringEnum(NOTICE_STATUSES),
    public: Type.Boolean({ description: 'shown by GET /public/notices now' }),
    withdrawnAt: Nullable(Instant()),
    withdrawReason: Nullable(Type.String()),
    allowedActions: Type.Array(StringEnum(NOTICE_ACTIONS)),
    createdAt: Instant(),
  },
  { title: 'Notice', additionalProperties: false },
);
export const NoticePageSchema = Type.Object(
  {
    items: Type.Array(NoticeSchema),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  },
  { title: 'NoticePage', additionalProperties: false },
);
export const PublicNoticeSchema = Type.Object(noticeFields, {
  title: 'PublicNotice',
  additionalProperties: false,
  description: 'never an ID number',
});
export const PublicNoticePageSchema = Type.Object(
  {
    items: Type.Array(PublicNoticeSchema),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  },
  { title: 'PublicNoticePage', additionalProperties: false },
);

/** Registered as components of the served document (apps/api/src/common/openapi.ts). */
export const ARCHIVE_SCHEMAS: Record<string, TSchema> = {
  PersonInput: PersonInputSchema,
  ManualEntryCreate: ManualEntryCreateSchema,
  TrainingCreate: TrainingCreateSchema,
  TrainingRegister: TrainingRegisterSchema,
  NoticeCreate: NoticeCreateSchema,
  NoticePublish: NoticePublishSchema,
  NoticeWithdraw: NoticeWithdrawSchema,
  ManualRegistration: ManualRegistrationSchema,
  RegistryEntryPage: RegistryEntryPageSchema,
  ArchivePersonSummary: ArchivePersonSummarySchema,
  ArchivePersonPage: ArchivePersonPageSchema,
  ArchivePerson: ArchivePersonSchema,
  ArchiveCheck: ArchiveCheckSchema,
  TrainingRecord: TrainingRecordSchema,
  TrainingImportResult: TrainingImportResultSchema,
  Notice: NoticeSchema,
  NoticePage: NoticePageSchema,
  PublicNotice: PublicNoticeSchema,
  PublicNoticePage: PublicNoticePageSchema,
};
