/**
 * Response schemas shared by several operations: the one error body and what an action answers.
 */
import { Type, type SchemaOptions, type TSchema, type TUnsafe, type Static } from '@sinclair/typebox';
import { ACTION_NAMES } from '@libs/domain/src/case/actions';
import { PAPER_ACTIONS, PAPER_STATUSES } from '@libs/domain/src/paper';
import { IsoDate, StringEnum, Uuid } from './primitives';

/**
 * OpenAPI 3.0's `nullable` (Ajv knows it too). An enum lists `null` as well (OpenAPI 3.0.3: `nullable` does not widen an
 * `enum`; without it a validator refuses the null).
 */
export function Nullable<T extends TSchema>(schema: T, opts: SchemaOptions = {}): TUnsafe<Static<T> | null> {
  const values = (schema as { enum?: unknown[] }).enum;
  return Type.Unsafe<Static<T> | null>({ ...schema, ...(values ? { enum: [...values, null] } : {}), nullable: true, ...opts });
}

export const IssueSchema = Type.Object(
  {
    path: Type.String({
      description:
        "where in the request: a body field ('authors[1].measures[0].years'), a header ('If-Match'), a parameter; '' for the whole body",
    }),
    rule: Type.Optional(Type.String({ description: 'the rule broken, e.g. required, unknown_field, severity.type_floor' })),
    article: Type.Optional(Type.String({ description: "the article of the case's policy profile the rule comes from, e.g. '003 art.32'" })),
    message: Type.String(),
  },
  { title: 'Issue', additionalProperties: false },
);

export const ErrorBodySchema = Type.Object(
  {
    error: Type.String({
      description:
        'stable code: VALIDATION_FAILED, ACTION_NOT_ALLOWED, VERSION_MISMATCH, PRECONDITION_REQUIRED, IDEMPOTENCY_KEY_REUSED, NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, CONFLICT, RATE_LIMITED, …',
    }),
    message: Type.String({ description: 'what is wrong, in one sentence' }),
    issues: Type.Array(IssueSchema, { description: 'every failing field or rule (400); empty where there is none to name' }),
    phase: Type.Optional(Type.String({ description: "409: the case's phase" })),
    status: Type.Optional(Type.String({ description: "409: the paper's status" })),
    allowedActions: Type.Optional(Type.Array(Type.String(), { description: '409: what the caller may do now instead' })),
    version: Type.Optional(Type.Integer({ description: '412: the current version' })),
  },
  { title: 'ErrorBody', additionalProperties: false },
);

export const DeadlineViewSchema = Type.Object(
  {
    kind: Type.String({ description: 'deadline kind of the policy profile (GET /policy-profiles/{code})' }),
    dueDate: IsoDate({ description: 'due day (Asia/Shanghai); the deadline ends at 23:59:59 of it' }),
    dueAt: Type.String({ format: 'date-time' }),
    provisional: Type.Boolean({ description: "counted without a year's holiday notice (weekends only): may move when it is loaded" }),
    status: StringEnum(['open', 'met', 'overdue', 'closed', 'suspended'] as const, {
      description: 'suspended: the case is suspended (003 art.23 "中止的时间不计入调查时限"); working days are counted to the day it began',
    }),
    remainingWorkingDays: Type.Integer({ minimum: 0 }),
    overdueWorkingDays: Type.Integer({ minimum: 0 }),
    suspendedOn: Type.Optional(IsoDate({ description: 'a suspended deadline: the day counting stopped' })),
  },
  { title: 'DeadlineView', additionalProperties: false },
);

export const CaseActionResultSchema = Type.Object(
  {
    caseId: Uuid(),
    number: Type.String({ example: 'SC-2026-000123' }),
    phase: Type.String(),
    policyProfile: Type.String(),
    version: Type.Integer({ description: 'the new version: send it as If-Match: "<version>" with the next action' }),
    allowedActions: Type.Array(StringEnum(ACTION_NAMES), { description: 'what the caller may do now' }),
    deadlines: Type.Array(DeadlineViewSchema),
  },
  { title: 'CaseActionResult', additionalProperties: false },
);

const PaperOrgSchema = Type.Object(
  { orgId: Uuid(), path: Type.String(), level: Type.String(), name: Type.String() },
  { title: 'PaperOrg', additionalProperties: false },
);

const ChainLevelSchema = Type.Object(
  {
    ...PaperOrgSchema.properties,
    preReview: Type.Boolean({ description: 'the level pre-reviews drafts (004 二(二))' }),
    letterOnApproval: Type.Optional(
      Type.Boolean({ description: 'the level approves only with its official letter (002 省卫健委正式函件)' }),
    ),
  },
  { title: 'ChainLevel', additionalProperties: false },
);

export const PaperActionResultSchema = Type.Object(
  {
    paperId: Uuid(),
    number: Type.String(),
    batch: Type.String(),
    status: StringEnum(PAPER_STATUSES),
    holder: PaperOrgSchema,
    dispatchedBy: Type.Array(PaperOrgSchema),
    preReviewConsented: Type.Boolean(),
    currentOrg: Nullable(
      Type.Object(
        {
          ...PaperOrgSchema.properties,
          preReview: Type.Optional(Type.Boolean({ description: 'during a review: the level pre-reviews drafts' })),
          letterOnApproval: Type.Optional(
            Type.Boolean({ description: 'during a review: the level approves only with its official letter' }),
          ),
        },
        { additionalProperties: false },
      ),
      { description: 'who must act next: the holder, or the reviewing level of the chain (with its settings); null once approved' },
    ),
    chain: Type.Array(ChainLevelSchema),
    reviewIdx: Type.Integer(),
    reviewStarted: Type.Boolean(),
    caseId: Nullable(Uuid()),
    caseNumber: Nullable(Type.String()),
    rounds: Type.Integer(),
    version: Type.Integer({ description: 'the new version: send it as If-Match: "<version>" with the next action' }),
    allowedActions: Type.Array(StringEnum(PAPER_ACTIONS), { description: 'what the caller may do now' }),
  },
  { title: 'PaperActionResult', additionalProperties: false },
);
