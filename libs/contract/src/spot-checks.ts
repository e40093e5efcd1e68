/**
 * Raw-data spot checks (000 §10), issue 22: request bodies (closed) and responses of `/spot-checks`.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { SPOT_CHECK_OUTCOMES } from '@libs/domain/src/spot-check';
import { Body, StringEnum, Text, Uuid } from './primitives';
import { Nullable } from './responses';

export const SpotCheckCreateSchema = Body(
  {
    year: Type.Integer({ minimum: 1900, maximum: 2099, description: 'the year whose published papers are checked; not after this year' }),
    orgId: Type.Optional(Uuid({ description: 'the institution (in your subtree); default: yours' })),
    rate: Type.Optional(
      Type.Number({ minimum: 0.05, maximum: 1, default: 0.05, description: 'share of the papers to sample: at least 5 % (000 §10)' }),
    ),
  },
  { title: 'SpotCheckCreate' },
);

export const SpotCheckDrawSchema = Body(
  {
    seed: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,20}$',
        description:
          'a 64-bit unsigned seed in decimal, to draw a sample someone else can reproduce; default: a random one (stored and shown either way)',
      }),
    ),
  },
  { title: 'SpotCheckDraw' },
);

export const SpotCheckResultSchema = Body(
  {
    outcome: StringEnum(SPOT_CHECK_OUTCOMES, {
      description:
        'complete (raw data complete), consistent (complete and consistent with the paper), missing (raw data missing), problem (a problem found)',
    }),
    note: Type.Optional(Text(4000, { required: false, description: 'what was checked; required for missing and problem' })),
  },
  { title: 'SpotCheckResult' },
);

export const SpotCheckFollowUpSchema = Body(
  { note: Type.Optional(Text(2000, { required: false, description: 'goes on the lead' })) },
  { title: 'SpotCheckFollowUp' },
);

const Counts = {
  papers: Type.Integer({ description: "the institution's papers of the year (imported list)" }),
  important: Type.Integer({ description: 'important papers: always in the sample' }),
  sampled: Type.Integer(),
  checked: Type.Integer({ description: 'sampled papers with a result' }),
  problems: Type.Integer({ description: 'results missing or problem' }),
  followedUp: Type.Integer({ description: 'problems followed up by a lead' }),
};

export const SpotCheckPlanSchema = Type.Object(
  {
    id: Uuid(),
    orgId: Uuid(),
    orgName: Type.String(),
    year: Type.Integer(),
    rate: Type.Number(),
    status: StringEnum(['draft', 'sampled', 'completed'] as const),
    seed: Nullable(Type.String({ description: 'the seed the sample was drawn with (decimal 64-bit)' })),
    algorithm: Nullable(
      Type.String({
        description: 'splitmix64-fisher-yates-v1: SplitMix64 driving a partial Fisher–Yates shuffle over the papers in reference order',
      }),
    ),
    drawnAt: Nullable(Type.String({ format: 'date-time' })),
    completedAt: Nullable(Type.String({ format: 'date-time' })),
    ...Counts,
    minimumSample: Type.Integer({ description: 'max(⌈rate × papers⌉, important papers), at least 1 when there are papers' }),
    completion: Type.Number({ description: 'checked / sampled (0 before the draw)' }),
  },
  { title: 'SpotCheckPlan', additionalProperties: false },
);

export const SpotCheckPaperSchema = Type.Object(
  {
    id: Uuid(),
    ref: Type.String(),
    title: Type.String(),
    authors: Type.Array(Type.String()),
    journal: Nullable(Type.String()),
    doi: Nullable(Type.String()),
    publishedOn: Nullable(Type.String({ format: 'date' })),
    important: Type.Boolean(),
    importantReason: Nullable(Type.String()),
    sampled: Type.Boolean(),
    sampleReason: Nullable(StringEnum(['important', 'random'] as const)),
    sampleOrder: Nullable(Type.Integer()),
    outcome: Nullable(StringEnum(SPOT_CHECK_OUTCOMES)),
    outcomeNote: Nullable(Type.String()),
    checkedAt: Nullable(Type.String({ format: 'date-time' })),
    leadId: Nullable(Uuid()),
    leadNumber: Nullable(Type.String()),
  },
  { title: 'SpotCheckPaper', additionalProperties: false },
);

const page = (title: string, item: TSchema) =>
  Type.Object(
    { total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(item) },
    { title, additionalProperties: false },
  );

export const SpotCheckImportResultSchema = Type.Object(
  {
    imported: Type.Integer(),
    unchanged: Type.Integer({ description: 'rows whose reference is in the list already' }),
    errors: Type.Array(Type.Object({ row: Type.Integer(), reason: Type.String() }, { additionalProperties: false })),
    plan: SpotCheckPlanSchema,
  },
  { title: 'SpotCheckImportResult', additionalProperties: false },
);

export const SpotCheckCompletionSchema = Type.Object(
  {
    year: Type.Integer(),
    asOf: Type.String({ format: 'date' }),
    items: Type.Array(
      Type.Object(
        {
          orgId: Uuid(),
          orgName: Type.String(),
          planId: Nullable(Uuid()),
          status: StringEnum(['none', 'draft', 'sampled', 'completed'] as const),
          ...Counts,
          completion: Type.Number(),
        },
        { additionalProperties: false },
      ),
      { description: 'every institution of the subtree, with or without a plan' },
    ),
  },
  { title: 'SpotCheckCompletion', additionalProperties: false },
);

export const SPOT_CHECK_SCHEMAS: Record<string, TSchema> = {
  SpotCheckCreate: SpotCheckCreateSchema,
  SpotCheckDraw: SpotCheckDrawSchema,
  SpotCheckResult: SpotCheckResultSchema,
  SpotCheckFollowUp: SpotCheckFollowUpSchema,
  SpotCheckPlan: SpotCheckPlanSchema,
  SpotCheckPlanPage: page('SpotCheckPlanPage', SpotCheckPlanSchema),
  SpotCheckPaper: SpotCheckPaperSchema,
  SpotCheckPaperPage: page('SpotCheckPaperPage', SpotCheckPaperSchema),
  SpotCheckImportResult: SpotCheckImportResultSchema,
  SpotCheckCompletion: SpotCheckCompletionSchema,
};
