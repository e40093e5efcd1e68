/**
 * What the registry answers (RULES.md §6): an entry as shown, and the bar check. `endsOn` and `until` are the last
 * barred day, inclusive (libs/domain/src/decision/registry-bar.ts).
 */
import { Type } from '@sinclair/typebox';
import { BARRED_ACTIVITIES } from '../../domain/src/decision/catalogue';
import { DECISION_STATUSES } from '../../domain/src/decision/decision-status';
import { IsoDate, StringEnum, Uuid } from './primitives';
import { Nullable } from './responses';

export const RegistryEntrySchema = Type.Object(
  {
    id: Uuid(),
    origin: StringEnum(['decision', 'manual'] as const, { description: 'decision: recorded when a decision of this system took effect; manual: registered by hand (004 二(三)), possibly taken over by a decision since (registration.reconciledAt)' }),
    caseNumber: Nullable(Type.String(), { description: 'the issuing case; null for an entry registered by hand and not taken over by a decision of this system' }),
    measure: Type.String({ description: "measure code in the entry's own catalogue (profile)" }),
    measureLabel: Type.String(),
    bars: Type.Array(StringEnum(BARRED_ACTIVITIES), { description: 'activities this measure bars in its catalogue; empty for 通报批评, the database record and other measures that bar nothing' }),
    startsOn: IsoDate({ description: 'the day the decision took effect: the first barred day' }),
    endsOn: Nullable(IsoDate({ description: 'the last barred day (inclusive): N years after startsOn, that corresponding day included (Civil Code art.201–202); the day after is free' })),
    permanent: Type.Boolean(),
    status: StringEnum(['active', 'changed', 'revoked'] as const, { description: 'changed: its period was changed (003 art.40, or a changed decision); revoked: bars nothing' }),
    // OpenAPI 3.0: a nullable enum lists null among its values (Ajv checks the enum after `nullable`).
    decisionStatus: Type.Unsafe<string | null>({
      type: 'string',
      enum: [...DECISION_STATUSES, null],
      nullable: true,
      description: "its decision's status: a revoked decision's entries bar nothing; null for a hand entry without a decision of this system (its own status decides)",
    }),
    profile: Type.String(),
    severity: Nullable(Type.String({ description: "severity level code of the finding in the entry's catalogue (情节); level 3 and above is serious (000 §6 一票否决)" })),
    registration: Nullable(
      Type.Object(
        {
          id: Uuid({ description: 'the registration: one per person and decision, one entry per measure' }),
          organisation: Type.String({ description: 'the registering organisation' }),
          registeredAt: Type.String({ format: 'date-time' }),
          provenance: Type.Object(
            { decisionNumber: Type.String(), issuingBody: Type.String(), decidedOn: Nullable(IsoDate()), note: Nullable(Type.String()) },
            { additionalProperties: false },
          ),
          awaitsDecision: Type.Boolean(),
          expectedCaseNumber: Nullable(Type.String()),
          reconciledAt: Nullable(Type.String({ format: 'date-time', description: 'when a decision of this system took the entry over' })),
          document: Nullable(
            Type.Object(
              { filename: Type.String(), contentType: Type.String(), size: Type.Integer({ minimum: 0 }), sha256: Type.String(), uploadedAt: Type.String({ format: 'date-time' }) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      { description: 'an entry registered by hand: who, from what; null for entries recorded from a decision' },
    ),
  },
  { title: 'RegistryEntry', additionalProperties: false },
);

const ActivityBarSchema = Type.Object(
  {
    activity: StringEnum(BARRED_ACTIVITIES),
    label: Type.String(),
    barred: Type.Boolean(),
    until: Nullable(IsoDate({ description: 'last barred day of the uninterrupted bar covering `on`; null when not barred, permanent or without an end' })),
    permanent: Type.Boolean(),
  },
  { title: 'ActivityBar', additionalProperties: false },
);

export const RegistryCheckSchema = Type.Object(
  {
    on: IsoDate(),
    // OpenAPI 3.0: a nullable enum lists null among its values (Ajv checks the enum after `nullable`).
    activity: Type.Unsafe<string | null>({
      type: 'string',
      enum: [...BARRED_ACTIVITIES, null],
      nullable: true,
      description: 'the activity asked about; null: the measure form, or any activity',
    }),
    measure: Nullable(
      Type.Object(
        {
          profile: Type.String(),
          code: Type.String(),
          bars: Type.Array(StringEnum(BARRED_ACTIVITIES)),
          article: Type.String({ example: '003 art.29' }),
        },
        { additionalProperties: false },
      ),
      { description: 'the older measure= form: the measure and the activities it bars in its catalogue' },
    ),
    barred: Type.Boolean({ description: 'barred on `on` from (one of) the activities asked about' }),
    until: Nullable(IsoDate({ description: 'the last barred day (inclusive); null when not barred, or permanent / without an end' })),
    permanent: Type.Boolean(),
    activities: Type.Array(ActivityBarSchema, { description: 'the answer per activity asked about' }),
    decisions: Type.Array(RegistryEntrySchema, { description: 'the entries that bar on `on`' }),
  },
  { title: 'RegistryCheck', additionalProperties: false },
);
