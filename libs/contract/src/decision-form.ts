/**
 * The handling-decision form (办理结果, RULES.md §4; the national system's form in 002) as a request schema: its shape,
 * lengths and closed keys. The catalogue rules (which codes exist in the case's profile, severity floors, measure
 * periods, companions; 003 art.29–35, 001 art.32–37) are checked by libs/domain/src/decision/decision-form.ts, whose
 * issues name rule and article. A draft may be incomplete; a submission must pass every rule.
 */
import { Type } from '@sinclair/typebox';
import { DECISION_RESULTS, ID_TYPES } from '@libs/domain/src/decision/decision-form';
import { Body, StringEnum, Text } from './primitives';

const Code = (description: string) => Type.String({ pattern: '^[0-9]{1,3}$', description });
const Codes = (description: string) => Type.Array(Code('catalogue code'), { maxItems: 30, default: [], description });

export const MeasureEntrySchema = Body(
  {
    code: Code("measure code of the case profile's catalogue (003 art.29: 1–14; 001 art.32: 1–12)"),
    years: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'period in whole years, for measures that carry one' })),
    permanent: Type.Optional(Type.Boolean({ description: 'permanent (直至永久), where measure and severity allow it' })),
    text: Type.Optional(Text(2000, { description: 'text, for "other" measures (其他处理)' })),
  },
  { title: 'MeasureEntry' },
);

/** What "apply to several authors at once" copies (002: 多名作者处罚措施相同,可多选后一次性填写). */
export const PenaltyFieldsSchema = Body(
  {
    penalise: Type.Boolean({ description: '处罚 是/否' }),
    misconductTypes: Codes('misconduct types (003 art.2; 001 art.2)'),
    severity: Type.Optional(Code('severity level (003 art.32; 001 art.37)')),
    measures: Type.Array(MeasureEntrySchema, { maxItems: 20, default: [], description: 'measures (处理措施)' }),
    mitigating: Codes('mitigating factors (003 art.34)'),
    aggravating: Codes('aggravating factors (003 art.35)'),
  },
  { title: 'PenaltyFields' },
);

export const AuthorEntrySchema = Body(
  {
    order: Type.Integer({ minimum: 1, maximum: 1000, description: 'byline position, from 1 (按署名顺序)' }),
    name: Type.Optional(Text(100, { required: false, description: '作者姓名' })),
    organisation: Type.Optional(Text(200, { required: false, description: '机构' })),
    idNumber: Type.Optional(
      Type.String({
        maxLength: 30,
        pattern: '^[0-9A-Za-z()\\- ]*$',
        description: 'identity document number (证件号码); masked in every response, e.g. 1101052020****0428',
      }),
    ),
    idType: Type.Optional(
      StringEnum(ID_TYPES, { description: 'prc_resident_id (default, check digit verified) or other (passport, permits)' }),
    ),
    ...PenaltyFieldsSchema.properties,
  },
  { title: 'AuthorEntry' },
);

export const DecisionFormSchema = Body(
  {
    result: StringEnum(DECISION_RESULTS, { description: '是否存在科研失信行为: misconduct 是 / no_misconduct 否 / other 其他情况' }),
    otherText: Type.Optional(Text(4000, { required: false, description: 'required when result is "other" (其他情况说明)' })),
    authors: Type.Array(AuthorEntrySchema, { maxItems: 200, description: 'authors in byline order' }),
  },
  { title: 'DecisionForm' },
);

export const ApplyToAuthorsSchema = Body(
  {
    orders: Type.Array(Type.Integer({ minimum: 1, maximum: 1000 }), {
      minItems: 1,
      maxItems: 200,
      uniqueItems: true,
      description: 'byline positions to fill',
    }),
    penalty: PenaltyFieldsSchema,
  },
  { title: 'ApplyToAuthors' },
);
