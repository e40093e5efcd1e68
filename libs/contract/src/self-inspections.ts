/**
 * Annual self-inspection (000 §13), issue 22: request bodies (closed) and responses of `/self-inspections`, and the
 * suggestions a case's decision form carries.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { CHECKLIST_ANSWERS, SELF_INSPECTION_CHECKLIST } from '@libs/domain/src/self-inspection';
import { Body, IsoDate, StringEnum, Text, Uuid } from './primitives';
import { Nullable } from './responses';

const ITEMS = SELF_INSPECTION_CHECKLIST.map((i) => i.code);

export const CampaignCreateSchema = Body(
  {
    year: Type.Integer({ minimum: 2026, maximum: 2099, description: 'the year inspected (from 2026, 000 §13)' }),
    opensOn: IsoDate({ description: 'first day institutions may answer (Asia/Shanghai)' }),
    closesOn: IsoDate({ description: 'last day institutions may answer; in the year or the next' }),
    title: Type.Optional(Text(200, { description: 'default: <year>年度科研诚信自查' })),
  },
  { title: 'CampaignCreate' },
);

export const DeclaredPaperSchema = Body(
  {
    title: Text(1000),
    doi: Type.Optional(Type.String({ maxLength: 300, pattern: '^(https?://(dx\\.)?doi\\.org/)?10\\.[0-9]{4,9}/[^\\s\\u0000]+$' })),
    authors: Type.Optional(Type.Array(Text(200), { maxItems: 100 })),
    journal: Type.Optional(Text(500, { required: false })),
    problem: Text(4000, { description: 'the problem the institution declares (主动申报问题论文)' }),
  },
  { title: 'DeclaredPaper' },
);

export const ResponseSaveSchema = Body(
  {
    answers: Type.Array(
      Body(
        {
          item: StringEnum(ITEMS, { description: 'a checklist item of 000 §13' }),
          answer: StringEnum(CHECKLIST_ANSWERS, { description: 'yes / partly / no' }),
          note: Type.Optional(
            Text(4000, { required: false, description: 'required unless yes: what is missing and how it is rectified (整改)' }),
          ),
        },
        { title: 'ChecklistAnswer' },
      ),
      { maxItems: 20 },
    ),
    rectification: Type.Optional(Text(8000, { required: false, description: 'the rectification report (整改工作报告)' })),
    problemPapers: Type.Array(DeclaredPaperSchema, { maxItems: 500, default: [], description: 'problem papers the institution declares' }),
  },
  { title: 'SelfInspectionResponseSave' },
);

export const CampaignViewSchema = Type.Object(
  {
    id: Uuid(),
    provinceOrgId: Uuid(),
    provinceName: Type.String(),
    year: Type.Integer(),
    title: Type.String(),
    opensOn: IsoDate(),
    closesOn: IsoDate(),
    window: StringEnum(['not_open', 'open', 'closed'] as const, { description: 'today (Asia/Shanghai) against the window' }),
    checklist: Type.Array(
      Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String(), article: Type.String() }, { additionalProperties: false }),
    ),
  },
  { title: 'CampaignView', additionalProperties: false },
);

export const ResponseViewSchema = Type.Object(
  {
    campaignId: Uuid(),
    orgId: Uuid(),
    orgName: Type.String(),
    status: StringEnum(['draft', 'submitted'] as const),
    answers: Type.Array(
      Type.Object({ item: Type.String(), answer: Type.String(), note: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ),
    rectification: Nullable(Type.String()),
    problemPapers: Type.Array(Type.Object({}, { additionalProperties: true })),
    submittedAt: Nullable(Type.String({ format: 'date-time' })),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'SelfInspectionResponse', additionalProperties: false },
);

export const CampaignAnswersSchema = Type.Object(
  {
    campaign: CampaignViewSchema,
    answered: Type.Integer(),
    institutions: Type.Integer(),
    items: Type.Array(
      Type.Object(
        {
          orgId: Uuid(),
          orgName: Type.String(),
          status: StringEnum(['none', 'draft', 'submitted'] as const),
          submittedAt: Nullable(Type.String({ format: 'date-time' })),
          declaredPapers: Type.Integer(),
          itemsNotYes: Type.Integer({ description: 'checklist items answered partly or no' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'CampaignAnswers', additionalProperties: false },
);

export const DecisionSuggestionSchema = Type.Object(
  {
    kind: StringEnum(['aggravating_factor'] as const),
    field: Type.String({ description: 'where on the form: authors[].aggravating' }),
    code: Type.String({ description: "the aggravating factor's code in the case profile's catalogue" }),
    label: Type.String(),
    article: Type.String(),
    appliesWhen: Type.String(),
    applied: Type.Boolean({ description: 'the current form already carries the factor for every penalised author' }),
    campaign: Type.Object(
      {
        id: Uuid(),
        year: Type.Integer(),
        title: Type.String(),
        province: Type.String(),
        closesOn: IsoDate(),
        responded: Type.Boolean(),
        submittedAt: Nullable(Type.String({ format: 'date-time' })),
      },
      { additionalProperties: false },
    ),
    message: Type.String(),
  },
  { title: 'DecisionSuggestion', additionalProperties: false },
);

export const SELF_INSPECTION_SCHEMAS: Record<string, TSchema> = {
  CampaignCreate: CampaignCreateSchema,
  SelfInspectionResponseSave: ResponseSaveSchema,
  CampaignView: CampaignViewSchema,
  SelfInspectionResponse: ResponseViewSchema,
  CampaignAnswers: CampaignAnswersSchema,
  DecisionSuggestion: DecisionSuggestionSchema,
};
