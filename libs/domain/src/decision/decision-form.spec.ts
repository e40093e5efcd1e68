/**
 * Decision form validation (RULES.md §4) for both profiles:
 *   003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021),
 *   002 = 002_6fd477049d211580.txt (the national system's result form).
 *
 * Each case starts from a valid form, makes one minimal change, and asserts the EXACT list of [path, rule(, article)]
 * in submit mode; in draft mode the same list filtered to draft (structural) rules must come back.
 */
import { DomainError } from '../shared/domain-error';
import { getCatalogue } from './catalogue';
import {
  AuthorEntry,
  DECISION_RULES,
  DecisionForm,
  DecisionIssue,
  DecisionRuleId,
  PenaltyFields,
  applyToAuthors,
  validateDecisionForm,
} from './decision-form';

type Exp = [path: string, rule: DecisionRuleId, article?: string];
interface Case {
  name: string;
  mutate: (f: DecisionForm) => void | unknown;
  expect: Exp[];
}
type Profile = 'national-2022' | 'henan-2021';

// -------------------------------------------------------------------------------------------------------------------
// Valid forms. Same skeleton in both profiles so generic cases hit the same paths:
//   authors[0]: level 3, period measure (5) at measures[0] with its companions
//   authors[1]: not penalised, a mitigating factor
//   authors[2]: level 1, measure 1 at [0], measure 3 with a period at [1]
//   authors[3]: level 4, measure 7 permanent at [0]
// -------------------------------------------------------------------------------------------------------------------
function nationalForm(): DecisionForm {
  return {
    result: 'misconduct',
    authors: [
      {
        order: 1,
        name: '王星星',
        organisation: '某某省第三医院',
        idNumber: '11010519491231002X',
        penalise: true,
        misconductTypes: ['1'],
        severity: '3',
        measures: [{ code: '5', years: 4 }, { code: '13' }, { code: '4' }],
        mitigating: [],
        aggravating: ['6'],
      },
      {
        order: 2,
        name: '张三',
        organisation: '某某省第三医院',
        idNumber: '440524188001010014',
        penalise: false,
        misconductTypes: [],
        measures: [],
        mitigating: ['5'],
        aggravating: [],
      },
      {
        order: 3,
        name: 'Li Wei',
        organisation: 'University of Somewhere',
        idNumber: 'E12345678',
        idType: 'other',
        penalise: true,
        misconductTypes: ['6'],
        severity: '1',
        measures: [{ code: '1' }, { code: '3', years: 1 }],
        mitigating: ['2'],
        aggravating: [],
      },
      {
        order: 4,
        name: '赵六',
        organisation: '某某大学',
        idNumber: '410102198506151238',
        idType: 'prc_resident_id',
        penalise: true,
        misconductTypes: ['2', '7'],
        severity: '4',
        measures: [
          { code: '7', permanent: true },
          { code: '9', years: 8 },
          { code: '13' },
          { code: '14', text: '调离科研岗位' },
          { code: '2' },
        ],
        mitigating: [],
        aggravating: ['1', '3'],
      },
    ],
  };
}

function henanForm(): DecisionForm {
  return {
    result: 'misconduct',
    authors: [
      {
        order: 1,
        name: '王星星',
        organisation: '河南省某医院',
        idNumber: '410102198506151238',
        penalise: true,
        misconductTypes: ['2'],
        severity: '3',
        measures: [{ code: '5', years: 5 }, { code: '2' }, { code: '11' }, { code: '12', text: '降低岗位等级' }],
        mitigating: [],
        aggravating: ['1'],
      },
      {
        order: 2,
        name: '张三',
        organisation: '河南省某医院',
        idNumber: '410304200012294566',
        penalise: false,
        misconductTypes: [],
        measures: [],
        mitigating: ['4'],
        aggravating: [],
      },
      {
        order: 3,
        name: 'Li Wei',
        organisation: 'University of Somewhere',
        idNumber: 'E12345678',
        idType: 'other',
        penalise: true,
        misconductTypes: ['8'],
        severity: '1',
        measures: [{ code: '1' }, { code: '3', years: 2 }, { code: '9' }],
        mitigating: ['6'],
        aggravating: [],
      },
      {
        order: 4,
        name: '赵六',
        organisation: '郑州大学',
        idNumber: '11010519491231002X',
        penalise: true,
        misconductTypes: ['5', '9'],
        severity: '4',
        measures: [{ code: '7', permanent: true }, { code: '2' }, { code: '11' }, { code: '8', years: 6 }, { code: '6' }],
        mitigating: [],
        aggravating: ['8'],
      },
    ],
  };
}

const BASE: Record<Profile, () => DecisionForm> = { 'national-2022': nationalForm, 'henan-2021': henanForm };

// Loose access for deliberately malformed values.
const A = (f: DecisionForm, i: number): any => f.authors[i];
const F = (f: DecisionForm): any => f;

// -------------------------------------------------------------------------------------------------------------------
// Cases valid for both profiles (same paths, same rules)
// -------------------------------------------------------------------------------------------------------------------
const GENERIC: Case[] = [
  // ---- structural (draft + submit) ----
  { name: 'form is null', mutate: () => null, expect: [['', 'form.malformed']] },
  { name: 'authors is not an array', mutate: (f) => void (F(f).authors = {}), expect: [['authors', 'form.malformed']] },
  { name: 'result not in the enum', mutate: (f) => void (F(f).result = 'yes'), expect: [['result', 'result.invalid', '002 form']] },
  { name: 'otherText not a string', mutate: (f) => void (F(f).otherText = 5), expect: [['otherText', 'field.type']] },
  {
    name: 'an author that is not an object (and so its byline position is missing)',
    mutate: (f) => void (F(f).authors[1] = 'x'),
    expect: [
      ['authors[1]', 'field.type'],
      ['authors', 'authors.order_not_consecutive'],
    ],
  },
  { name: 'name not a string', mutate: (f) => void (A(f, 0).name = 42), expect: [['authors[0].name', 'field.type']] },
  { name: 'penalise not a boolean', mutate: (f) => void (A(f, 1).penalise = 'no'), expect: [['authors[1].penalise', 'field.type']] },
  {
    name: 'misconductTypes not an array (then none for a penalised author)',
    mutate: (f) => void (A(f, 0).misconductTypes = '2'),
    expect: [
      ['authors[0].misconductTypes', 'field.type'],
      ['authors[0].misconductTypes', 'penalise.types_required'],
    ],
  },
  { name: 'severity not a string', mutate: (f) => void (A(f, 0).severity = 3), expect: [['authors[0].severity', 'field.type']] },
  {
    name: 'measures not an array (unpenalised author)',
    mutate: (f) => void (A(f, 1).measures = {}),
    expect: [['authors[1].measures', 'field.type']],
  },
  { name: 'mitigating not an array', mutate: (f) => void (A(f, 1).mitigating = '1'), expect: [['authors[1].mitigating', 'field.type']] },
  {
    name: 'permanent not a boolean',
    mutate: (f) => void (A(f, 3).measures[0].permanent = 'yes'),
    expect: [['authors[3].measures[0].permanent', 'field.type']],
  },
  {
    name: 'measure text not a string',
    mutate: (f) => void (A(f, 0).measures[0].text = 1),
    expect: [['authors[0].measures[0].text', 'field.type']],
  },
  {
    name: 'byline position 4.5',
    mutate: (f) => void (A(f, 3).order = 4.5),
    expect: [['authors[3].order', 'author.order_invalid', '002 form']],
  },
  {
    name: 'byline position 0 (and so 1 is missing)',
    mutate: (f) => void (A(f, 0).order = 0),
    expect: [
      ['authors[0].order', 'author.order_invalid'],
      ['authors', 'authors.order_not_consecutive'],
    ],
  },
  {
    name: 'byline position as a string',
    mutate: (f) => void (A(f, 1).order = '2'),
    expect: [
      ['authors[1].order', 'author.order_invalid'],
      ['authors', 'authors.order_not_consecutive'],
    ],
  },
  { name: 'unknown idType', mutate: (f) => void (A(f, 0).idType = 'passport'), expect: [['authors[0].idType', 'author.id_type_invalid']] },
  {
    name: 'idNumber not a string',
    mutate: (f) => void (A(f, 1).idNumber = 110105194912310020),
    expect: [['authors[1].idNumber', 'field.type']],
  },
  {
    name: 'PRC ID with a wrong check digit',
    mutate: (f) => void (A(f, 1).idNumber = A(f, 1).idNumber.slice(0, 17) + (A(f, 1).idNumber[17] === '0' ? '1' : '0')),
    expect: [['authors[1].idNumber', 'author.id_number_invalid', 'GB 11643']],
  },
  {
    name: 'PRC ID of 15 digits',
    mutate: (f) => void (A(f, 0).idNumber = '410102850615123'),
    expect: [['authors[0].idNumber', 'author.id_number_invalid', 'GB 11643']],
  },
  {
    name: 'a passport number without idType other',
    mutate: (f) => void delete A(f, 2).idType,
    expect: [['authors[2].idNumber', 'author.id_number_invalid', 'GB 11643']],
  },
  {
    name: 'other document number too short',
    mutate: (f) => void (A(f, 2).idNumber = 'E1'),
    expect: [['authors[2].idNumber', 'author.id_number_invalid', 'RULES §4 [decision]']],
  },
  {
    name: 'unknown misconduct type',
    mutate: (f) => void A(f, 0).misconductTypes.push('x'),
    expect: [['authors[0].misconductTypes[1]', 'type.unknown']],
  },
  {
    name: 'misconduct type as a number',
    mutate: (f) => void (A(f, 0).misconductTypes = [2]),
    expect: [
      ['authors[0].misconductTypes[0]', 'type.unknown'],
      ['authors[0].misconductTypes', 'penalise.types_required'],
    ],
  },
  {
    name: 'duplicate misconduct type',
    mutate: (f) => void A(f, 0).misconductTypes.push(A(f, 0).misconductTypes[0]),
    expect: [['authors[0].misconductTypes[1]', 'type.duplicate']],
  },
  { name: 'unknown severity', mutate: (f) => void (A(f, 0).severity = '5'), expect: [['authors[0].severity', 'severity.unknown']] },
  {
    name: 'unknown measure code',
    mutate: (f) => void A(f, 0).measures.push({ code: '99' }),
    expect: [['authors[0].measures[LAST].code', 'measure.unknown']],
  },
  {
    name: 'measure code as a number',
    mutate: (f) => void (A(f, 2).measures[0] = { code: 1 }),
    expect: [['authors[2].measures[0].code', 'measure.unknown']],
  },
  {
    name: 'a measure that is not an object',
    mutate: (f) => void (A(f, 2).measures[0] = '1'),
    expect: [['authors[2].measures[0]', 'field.type']],
  },
  {
    name: 'duplicate measure',
    mutate: (f) => void A(f, 2).measures.push({ code: '1' }),
    expect: [['authors[2].measures[LAST].code', 'measure.duplicate']],
  },
  {
    name: 'period 2.5 years',
    mutate: (f) => void (A(f, 2).measures[1].years = 2.5),
    expect: [['authors[2].measures[1].years', 'measure.years_invalid']],
  },
  {
    name: 'period 0 years',
    mutate: (f) => void (A(f, 2).measures[1].years = 0),
    expect: [['authors[2].measures[1].years', 'measure.years_invalid']],
  },
  {
    name: 'period -1 years',
    mutate: (f) => void (A(f, 2).measures[1].years = -1),
    expect: [['authors[2].measures[1].years', 'measure.years_invalid']],
  },
  {
    name: 'period NaN',
    mutate: (f) => void (A(f, 2).measures[1].years = NaN),
    expect: [['authors[2].measures[1].years', 'measure.years_invalid']],
  },
  {
    name: 'period as a string',
    mutate: (f) => void (A(f, 2).measures[1].years = '2'),
    expect: [['authors[2].measures[1].years', 'measure.years_invalid']],
  },
  {
    name: 'unknown mitigating factor',
    mutate: (f) => void A(f, 1).mitigating.push('99'),
    expect: [['authors[1].mitigating[1]', 'factor.unknown']],
  },
  {
    name: 'unknown aggravating factor',
    mutate: (f) => void A(f, 0).aggravating.push('0'),
    expect: [['authors[0].aggravating[1]', 'factor.unknown']],
  },
  {
    name: 'duplicate mitigating factor',
    mutate: (f) => void A(f, 1).mitigating.push(A(f, 1).mitigating[0]),
    expect: [['authors[1].mitigating[1]', 'factor.duplicate']],
  },
  {
    name: 'duplicate aggravating factor',
    mutate: (f) => void A(f, 0).aggravating.push(A(f, 0).aggravating[0]),
    expect: [['authors[0].aggravating[1]', 'factor.duplicate']],
  },

  // ---- submit only ----
  {
    name: 'result other without text',
    mutate: (f) => void (f.result = 'other'),
    expect: [['otherText', 'result.other_text_required', '002 form']],
  },
  {
    name: 'result other with blank text',
    mutate: (f) => void Object.assign(f, { result: 'other', otherText: '  ' }),
    expect: [['otherText', 'result.other_text_required']],
  },
  {
    name: 'result other with text is valid',
    mutate: (f) => void Object.assign(f, { result: 'other', otherText: '论文已撤回，作者无法联系' }),
    expect: [],
  },
  {
    name: 'text given although the result is not other',
    mutate: (f) => void (f.otherText = '说明'),
    expect: [['otherText', 'result.other_text_unexpected']],
  },
  {
    name: 'result misconduct but no author has a type',
    mutate: (f) => void (f.authors = [{ ...f.authors[1], order: 1 }]),
    expect: [['authors', 'result.misconduct_requires_type']],
  },
  {
    name: 'result no_misconduct with nobody penalised is valid',
    mutate: (f) => void Object.assign(f, { result: 'no_misconduct', authors: [{ ...f.authors[1], order: 1 }] }),
    expect: [],
  },
  {
    name: 'result no_misconduct but authors penalised with types',
    mutate: (f) => void (f.result = 'no_misconduct'),
    expect: [
      ['authors[0].penalise', 'result.no_misconduct_penalised'],
      ['authors[0].misconductTypes', 'result.no_misconduct_types'],
      ['authors[2].penalise', 'result.no_misconduct_penalised'],
      ['authors[2].misconductTypes', 'result.no_misconduct_types'],
      ['authors[3].penalise', 'result.no_misconduct_penalised'],
      ['authors[3].misconductTypes', 'result.no_misconduct_types'],
    ],
  },
  {
    name: 'result no_misconduct with an unpenalised author who has a type',
    mutate: (f) => void Object.assign(f, { result: 'no_misconduct', authors: [{ ...f.authors[1], order: 1, misconductTypes: ['1'] }] }),
    expect: [['authors[0].misconductTypes', 'result.no_misconduct_types']],
  },
  { name: 'duplicate byline position', mutate: (f) => void (A(f, 3).order = 3), expect: [['authors[3].order', 'authors.order_duplicate']] },
  { name: 'gap in byline positions', mutate: (f) => void (A(f, 3).order = 6), expect: [['authors', 'authors.order_not_consecutive']] },
  { name: 'authors listed out of byline order is valid', mutate: (f) => void ((A(f, 0).order = 2), (A(f, 1).order = 1)), expect: [] },
  { name: 'blank name', mutate: (f) => void (A(f, 0).name = ' '), expect: [['authors[0].name', 'author.name_required']] },
  {
    name: 'missing organisation',
    mutate: (f) => void delete A(f, 2).organisation,
    expect: [['authors[2].organisation', 'author.organisation_required']],
  },
  { name: 'empty ID number', mutate: (f) => void (A(f, 1).idNumber = ''), expect: [['authors[1].idNumber', 'author.id_number_required']] },
  {
    name: 'penalised author without a type',
    mutate: (f) => void (A(f, 2).misconductTypes = []),
    expect: [['authors[2].misconductTypes', 'penalise.types_required']],
  },
  {
    name: 'penalised author without a severity',
    mutate: (f) => void delete A(f, 2).severity,
    expect: [['authors[2].severity', 'penalise.severity_required']],
  },
  {
    name: 'penalised author with an empty severity',
    mutate: (f) => void (A(f, 2).severity = ''),
    expect: [['authors[2].severity', 'penalise.severity_required']],
  },
  {
    name: 'unpenalised author with a severity',
    mutate: (f) => void (A(f, 1).severity = '1'),
    expect: [['authors[1].severity', 'penalise.severity_not_allowed']],
  },
  {
    name: 'unpenalised author with a measure',
    mutate: (f) => void (A(f, 1).measures = [{ code: '1' }]),
    expect: [['authors[1].measures', 'penalise.measures_not_allowed']],
  },
  {
    name: 'level (1) without measures',
    mutate: (f) => void (A(f, 2).measures = []),
    expect: [['authors[2].measures', 'severity.measure_required']],
  },
  {
    name: 'level (3) without measures',
    mutate: (f) => void (A(f, 0).measures = []),
    expect: [['authors[0].measures', 'severity.measure_required']],
  },
  {
    name: 'measure (2) at level (1)',
    mutate: (f) => void A(f, 2).measures.unshift({ code: '2' }),
    expect: [['authors[2].measures[0].code', 'measure.not_in_level']],
  },
  {
    name: 'measure (1) at level (3)',
    mutate: (f) => void A(f, 0).measures.unshift({ code: '1' }),
    expect: [['authors[0].measures[0].code', 'measure.not_in_level']],
  },
  {
    name: 'period missing on measure (5)',
    mutate: (f) => void delete A(f, 0).measures[0].years,
    expect: [['authors[0].measures[0].years', 'measure.period_required']],
  },
  {
    name: 'period missing on measure (5), permanent false',
    mutate: (f) => void (A(f, 0).measures[0] = { code: '5', permanent: false }),
    expect: [['authors[0].measures[0].years', 'measure.period_required']],
  },
  {
    name: 'period missing on measure (3)',
    mutate: (f) => void delete A(f, 2).measures[1].years,
    expect: [['authors[2].measures[1].years', 'measure.period_required']],
  },
  {
    name: 'period on a measure without one',
    mutate: (f) => void (A(f, 2).measures[0].years = 1),
    expect: [['authors[2].measures[0].years', 'measure.period_not_applicable']],
  },
  {
    name: 'permanent on a measure without a period',
    mutate: (f) => void (A(f, 2).measures[0].permanent = true),
    expect: [['authors[2].measures[0].permanent', 'measure.period_not_applicable']],
  },
  {
    name: 'both years and permanent',
    mutate: (f) => void (A(f, 3).measures[0].years = 6),
    expect: [['authors[3].measures[0].permanent', 'measure.period_conflict']],
  },
  {
    name: 'level (3): 6 years',
    mutate: (f) => void (A(f, 0).measures[0].years = 6),
    expect: [['authors[0].measures[0].years', 'measure.period_out_of_range']],
  },
  {
    name: 'level (3): 2 years',
    mutate: (f) => void (A(f, 0).measures[0].years = 2),
    expect: [['authors[0].measures[0].years', 'measure.period_out_of_range']],
  },
  { name: 'level (3): 3 years (lower bound)', mutate: (f) => void (A(f, 0).measures[0].years = 3), expect: [] },
  { name: 'level (3): 5 years (upper bound)', mutate: (f) => void (A(f, 0).measures[0].years = 5), expect: [] },
  {
    name: 'level (2): 4 years',
    mutate: (f) =>
      void Object.assign(A(f, 0), {
        severity: '2',
        measures: A(f, 0).measures.map((m: any, j: number) => (j === 0 ? { ...m, years: 4 } : m)),
      }),
    expect: [['authors[0].measures[0].years', 'measure.period_out_of_range']],
  },
  {
    name: 'level (2): 3 years (upper bound)',
    mutate: (f) =>
      void Object.assign(A(f, 0), {
        severity: '2',
        measures: A(f, 0).measures.map((m: any, j: number) => (j === 0 ? { ...m, years: 3 } : m)),
      }),
    expect: [],
  },
  {
    name: 'level (2): 1 year',
    mutate: (f) =>
      void Object.assign(A(f, 0), {
        severity: '2',
        measures: A(f, 0).measures.map((m: any, j: number) => (j === 0 ? { ...m, years: 1 } : m)),
      }),
    expect: [],
  },
  {
    name: 'level (4): 4 years',
    mutate: (f) => void (A(f, 3).measures[0] = { code: '7', years: 4 }),
    expect: [['authors[3].measures[0].years', 'measure.period_out_of_range']],
  },
  { name: 'level (4): 5 years (lower bound)', mutate: (f) => void (A(f, 3).measures[0] = { code: '7', years: 5 }), expect: [] },
  { name: 'level (4): 30 years', mutate: (f) => void (A(f, 3).measures[0] = { code: '7', years: 30 }), expect: [] },
  {
    name: 'level (1): measure (3) for 4 years [decision cap 3]',
    mutate: (f) => void (A(f, 2).measures[1].years = 4),
    expect: [['authors[2].measures[1].years', 'measure.period_out_of_range']],
  },
  { name: 'level (1): measure (3) for 3 years', mutate: (f) => void (A(f, 2).measures[1].years = 3), expect: [] },
  {
    name: 'permanent at level (3)',
    mutate: (f) => void (A(f, 0).measures[0] = { code: '5', permanent: true }),
    expect: [['authors[0].measures[0].permanent', 'measure.permanent_not_allowed']],
  },
  {
    name: 'permanent on measure (3), which may not be',
    mutate: (f) => void (A(f, 2).measures[1] = { code: '3', permanent: true }),
    expect: [['authors[2].measures[1].permanent', 'measure.permanent_not_allowed']],
  },
  {
    name: 'text on a measure without text',
    mutate: (f) => void (A(f, 0).measures[0].text = '备注'),
    expect: [['authors[0].measures[0].text', 'measure.text_not_applicable']],
  },
  { name: 'blank text on a measure without text is ignored', mutate: (f) => void (A(f, 0).measures[0].text = ' '), expect: [] },
  { name: 'unpenalised author with an aggravating factor is valid', mutate: (f) => void A(f, 1).aggravating.push('2'), expect: [] },
];

// -------------------------------------------------------------------------------------------------------------------
// national-2022 only (003 art.2, 29, 32–35)
// -------------------------------------------------------------------------------------------------------------------
const floorCase = (t: string, expectFloor: boolean, art: string): Case => ({
  name: `type (${t}) at level (1) ${expectFloor ? 'is below the floor' : 'is allowed'}`,
  mutate: (f) => void (A(f, 2).misconductTypes = [t]),
  expect: expectFloor ? [['authors[2].severity', 'severity.type_floor', art]] : [],
});
const registryCase = (code: string): Case => ({
  name: `measure (${code}) at level (2) without (13)`,
  mutate: (f) => void Object.assign(A(f, 0), { severity: '2', measures: [{ code, years: 2 }] }),
  expect: [['authors[0].measures', 'measure.requires_registry', '003 art.29']],
});
const registryOkCase = (code: string): Case => ({
  name: `measure (${code}) at level (2) with (13)`,
  mutate: (f) => void Object.assign(A(f, 0), { severity: '2', measures: [{ code, years: 2 }, { code: '13' }] }),
  expect: [],
});

const NATIONAL: Case[] = [
  {
    name: 'type (9) does not exist',
    mutate: (f) => void (A(f, 0).misconductTypes = ['9']),
    expect: [
      ['authors[0].misconductTypes[0]', 'type.unknown', '003 art.2'],
      ['authors[0].misconductTypes', 'penalise.types_required', '003 art.2'],
    ],
  },
  {
    name: 'measure (15) does not exist',
    mutate: (f) => void (A(f, 0).measures[2] = { code: '15' }),
    expect: [['authors[0].measures[2].code', 'measure.unknown', '003 art.29']],
  },
  {
    name: 'severity (5) does not exist',
    mutate: (f) => void (A(f, 3).severity = '5'),
    expect: [['authors[3].severity', 'severity.unknown', '003 art.32']],
  },
  {
    name: 'mitigating (6) does not exist',
    mutate: (f) => void (A(f, 1).mitigating = ['6']),
    expect: [['authors[1].mitigating[0]', 'factor.unknown', '003 art.34']],
  },
  {
    name: 'aggravating (9) does not exist (8 is 000 §13)',
    mutate: (f) => void (A(f, 0).aggravating = ['9']),
    expect: [['authors[0].aggravating[0]', 'factor.unknown', '003 art.35']],
  },
  ...['1', '2', '3', '4', '5'].map((t) => floorCase(t, true, '003 art.32')),
  ...['6', '7', '8'].map((t) => floorCase(t, false, '003 art.32')),
  {
    name: 'types (6) and (1) together at level (1)',
    mutate: (f) => void (A(f, 2).misconductTypes = ['6', '1']),
    expect: [['authors[2].severity', 'severity.type_floor', '003 art.32']],
  },
  { name: 'aggravating factor at level (1): no floor in 003', mutate: (f) => void (A(f, 2).aggravating = ['3']), expect: [] },
  {
    name: 'level (1) without measures',
    mutate: (f) => void (A(f, 2).measures = []),
    expect: [['authors[2].measures', 'severity.measure_required', '003 art.32']],
  },
  { name: 'measure (11) at level (1) is valid', mutate: (f) => void A(f, 2).measures.push({ code: '11' }), expect: [] },
  {
    name: 'measure (12) at level (1)',
    mutate: (f) => void A(f, 2).measures.push({ code: '12' }),
    expect: [['authors[2].measures[2].code', 'measure.not_in_level', '003 art.32']],
  },
  {
    name: 'measure (14) with text at level (1) is valid [decision]',
    mutate: (f) => void A(f, 2).measures.push({ code: '14', text: '书面检查' }),
    expect: [],
  },
  {
    name: '002 demo: measure (3) for 2 years at level (3)',
    mutate: (f) => void A(f, 0).measures.push({ code: '3', years: 2 }),
    expect: [
      ['authors[0].measures[3].code', 'measure.not_in_level', '003 art.32'],
      ['authors[0].measures[3].years', 'measure.period_out_of_range', '003 art.32'],
    ],
  },
  {
    name: 'measure (11) at level (3)',
    mutate: (f) => void A(f, 0).measures.push({ code: '11' }),
    expect: [['authors[0].measures[3].code', 'measure.not_in_level', '003 art.32']],
  },
  {
    name: 'period on measure (4)',
    mutate: (f) => void (A(f, 0).measures[2].years = 3),
    expect: [['authors[0].measures[2].years', 'measure.period_not_applicable', '003 art.29']],
  },
  {
    name: 'permanent on measure (13)',
    mutate: (f) => void (A(f, 0).measures[1].permanent = true),
    expect: [['authors[0].measures[1].permanent', 'measure.period_not_applicable', '003 art.29']],
  },
  {
    name: 'period missing on measure (9)',
    mutate: (f) => void delete A(f, 3).measures[1].years,
    expect: [['authors[3].measures[1].years', 'measure.period_required', '003 art.29']],
  },
  {
    name: 'measure (10) permanent at level (4) is valid',
    mutate: (f) => void A(f, 3).measures.push({ code: '10', permanent: true }),
    expect: [],
  },
  {
    name: 'measure (5) permanent at level (3)',
    mutate: (f) => void (A(f, 0).measures[0] = { code: '5', permanent: true }),
    expect: [['authors[0].measures[0].permanent', 'measure.permanent_not_allowed', '003 art.32']],
  },
  {
    name: 'measure (3) permanent',
    mutate: (f) => void (A(f, 2).measures[1] = { code: '3', permanent: true }),
    expect: [['authors[2].measures[1].permanent', 'measure.permanent_not_allowed', '003 art.29']],
  },
  {
    name: 'level (3), 6 years',
    mutate: (f) => void (A(f, 0).measures[0].years = 6),
    expect: [['authors[0].measures[0].years', 'measure.period_out_of_range', '003 art.32']],
  },
  {
    name: 'measure (5) without (13)',
    mutate: (f) => void A(f, 0).measures.splice(1, 1),
    expect: [['authors[0].measures', 'measure.requires_registry', '003 art.29']],
  },
  {
    name: 'measures (7) and (9) without (13): one issue',
    mutate: (f) => void A(f, 3).measures.splice(2, 1),
    expect: [['authors[3].measures', 'measure.requires_registry', '003 art.29']],
  },
  ...['5', '7', '9', '10'].map(registryCase),
  ...['5', '7', '9', '10'].map(registryOkCase),
  {
    name: 'measure (14) with empty text',
    mutate: (f) => void (A(f, 3).measures[3].text = ''),
    expect: [['authors[3].measures[3].text', 'measure.text_required', '003 art.29']],
  },
  {
    name: 'measure (14) without text',
    mutate: (f) => void delete A(f, 3).measures[3].text,
    expect: [['authors[3].measures[3].text', 'measure.text_required', '003 art.29']],
  },
  {
    name: 'text on measure (13)',
    mutate: (f) => void (A(f, 0).measures[1].text = '已报送'),
    expect: [['authors[0].measures[1].text', 'measure.text_not_applicable']],
  },
  {
    name: 'several issues at once are all reported, in form order',
    mutate: (f) => {
      f.result = 'other';
      A(f, 0).name = '';
      A(f, 0).measures.splice(1, 1);
      A(f, 2).misconductTypes = ['3'];
      A(f, 2).measures[1].years = 9;
      A(f, 3).order = 3;
    },
    expect: [
      ['otherText', 'result.other_text_required'],
      ['authors[0].name', 'author.name_required'],
      ['authors[0].measures', 'measure.requires_registry'],
      ['authors[2].severity', 'severity.type_floor'],
      ['authors[2].measures[1].years', 'measure.period_out_of_range'],
      ['authors[3].order', 'authors.order_duplicate'],
    ],
  },
];

// -------------------------------------------------------------------------------------------------------------------
// henan-2021 only (001 art.2, 32, 34, 35, 37, 39, 47)
// -------------------------------------------------------------------------------------------------------------------
const HENAN: Case[] = [
  {
    name: 'type (9) exists in 001; (10) does not',
    mutate: (f) => void A(f, 0).misconductTypes.push('10'),
    expect: [['authors[0].misconductTypes[1]', 'type.unknown', '001 art.2']],
  },
  {
    name: 'national measure (13) does not exist in 001',
    mutate: (f) => void A(f, 0).measures.push({ code: '13' }),
    expect: [['authors[0].measures[4].code', 'measure.unknown', '001 art.32']],
  },
  {
    name: 'mitigating (7) does not exist',
    mutate: (f) => void (A(f, 1).mitigating = ['7']),
    expect: [['authors[1].mitigating[0]', 'factor.unknown', '001 art.34']],
  },
  {
    name: 'aggravating (10) does not exist (9 is 000 §13)',
    mutate: (f) => void (A(f, 3).aggravating = ['10']),
    expect: [['authors[3].aggravating[0]', 'factor.unknown', '001 art.35']],
  },
  {
    name: 'severity (0) does not exist',
    mutate: (f) => void (A(f, 0).severity = '0'),
    expect: [['authors[0].severity', 'severity.unknown', '001 art.37']],
  },
  ...['1', '2', '3', '4', '5', '6'].map((t) => floorCase(t, true, '001 art.37')),
  ...['7', '8', '9'].map((t) => floorCase(t, false, '001 art.37')),
  {
    name: 'aggravating factor at level (1)',
    mutate: (f) => void (A(f, 2).aggravating = ['3']),
    expect: [['authors[2].severity', 'severity.aggravating_floor', '001 art.35']],
  },
  {
    name: 'aggravating "other" (8) at level (1)',
    mutate: (f) => void (A(f, 2).aggravating = ['8']),
    expect: [['authors[2].severity', 'severity.aggravating_floor', '001 art.35']],
  },
  {
    name: 'type (1) and an aggravating factor at level (1): both floors',
    mutate: (f) => void Object.assign(A(f, 2), { misconductTypes: ['1'], aggravating: ['7'] }),
    expect: [
      ['authors[2].severity', 'severity.type_floor', '001 art.37'],
      ['authors[2].severity', 'severity.aggravating_floor', '001 art.35'],
    ],
  },
  {
    name: 'aggravating factor at level (2) is valid',
    mutate: (f) => void Object.assign(A(f, 0), { severity: '2', measures: [{ code: '5', years: 2 }, { code: '2' }, { code: '11' }] }),
    expect: [],
  },
  {
    name: 'level (1) without measures',
    mutate: (f) => void (A(f, 2).measures = []),
    expect: [['authors[2].measures', 'severity.measure_required', '001 art.37']],
  },
  {
    name: 'measure (11) at level (1)',
    mutate: (f) => void A(f, 2).measures.push({ code: '11' }),
    expect: [['authors[2].measures[3].code', 'measure.not_in_level', '001 art.37']],
  },
  {
    name: 'measure (12) with text (警告) at level (1) is valid [decision]',
    mutate: (f) => void A(f, 2).measures.push({ code: '12', text: '警告' }),
    expect: [],
  },
  {
    name: 'measure (3) at level (3)',
    mutate: (f) => void A(f, 0).measures.push({ code: '3', years: 3 }),
    expect: [['authors[0].measures[4].code', 'measure.not_in_level', '001 art.37']],
  },
  {
    name: 'measure (9) at level (1) with 2 years (暂缓授予学位) is valid',
    mutate: (f) => void (A(f, 2).measures[2].years = 2),
    expect: [],
  },
  {
    name: 'measure (9) at level (1) for 4 years',
    mutate: (f) => void (A(f, 2).measures[2].years = 4),
    expect: [['authors[2].measures[2].years', 'measure.period_out_of_range', '001 art.37']],
  },
  {
    name: 'measure (9) permanent',
    mutate: (f) => void (A(f, 2).measures[2].permanent = true),
    expect: [['authors[2].measures[2].permanent', 'measure.permanent_not_allowed', '001 art.32']],
  },
  {
    name: 'period missing on measure (8)',
    mutate: (f) => void delete A(f, 3).measures[3].years,
    expect: [['authors[3].measures[3].years', 'measure.period_required', '001 art.32']],
  },
  {
    name: 'measure (8) permanent at level (4) is valid',
    mutate: (f) => void (A(f, 3).measures[3] = { code: '8', permanent: true }),
    expect: [],
  },
  {
    name: 'measure (8) for 4 years at level (4)',
    mutate: (f) => void (A(f, 3).measures[3].years = 4),
    expect: [['authors[3].measures[3].years', 'measure.period_out_of_range', '001 art.37']],
  },
  {
    name: 'measure (5) permanent at level (3)',
    mutate: (f) => void (A(f, 0).measures[0] = { code: '5', permanent: true }),
    expect: [['authors[0].measures[0].permanent', 'measure.permanent_not_allowed', '001 art.37']],
  },
  {
    name: 'period on measure (2)',
    mutate: (f) => void (A(f, 0).measures[1].years = 1),
    expect: [['authors[0].measures[1].years', 'measure.period_not_applicable', '001 art.32']],
  },
  {
    name: 'measure (5) without (2) 通报批评',
    mutate: (f) => void A(f, 0).measures.splice(1, 1),
    expect: [['authors[0].measures', 'measure.requires_companion', '001 art.39']],
  },
  {
    name: 'measure (5) without (11) database',
    mutate: (f) => void A(f, 0).measures.splice(2, 1),
    expect: [['authors[0].measures', 'measure.requires_registry', '001 art.39']],
  },
  {
    name: 'measure (5) alone: both companions',
    mutate: (f) => void (A(f, 0).measures = [{ code: '5', years: 5 }]),
    expect: [
      ['authors[0].measures', 'measure.requires_companion', '001 art.39'],
      ['authors[0].measures', 'measure.requires_registry', '001 art.39'],
    ],
  },
  {
    name: 'measure (6) alone at level (2): both companions',
    mutate: (f) => void Object.assign(A(f, 0), { severity: '2', measures: [{ code: '6' }] }),
    expect: [
      ['authors[0].measures', 'measure.requires_companion', '001 art.39'],
      ['authors[0].measures', 'measure.requires_registry', '001 art.39'],
    ],
  },
  {
    name: 'measures (7) and (6) without (2) and (11): one issue per missing measure',
    mutate: (f) => void (A(f, 3).measures = [{ code: '7', permanent: true }, { code: '6' }]),
    expect: [
      ['authors[3].measures', 'measure.requires_companion'],
      ['authors[3].measures', 'measure.requires_registry'],
    ],
  },
  {
    name: 'measure (8) alone at level (2) needs no companion [decision]',
    mutate: (f) => void Object.assign(A(f, 0), { severity: '2', measures: [{ code: '8', years: 2 }] }),
    expect: [],
  },
  {
    name: 'measure (12) with blank text',
    mutate: (f) => void (A(f, 0).measures[3].text = ' '),
    expect: [['authors[0].measures[3].text', 'measure.text_required', '001 art.32']],
  },
  {
    name: 'text on measure (11)',
    mutate: (f) => void (A(f, 0).measures[2].text = '已记入'),
    expect: [['authors[0].measures[2].text', 'measure.text_not_applicable']],
  },
];

// -------------------------------------------------------------------------------------------------------------------

const simplify = (issues: DecisionIssue[], withArticle: boolean[]): Exp[] =>
  issues.map((i, k) => (withArticle[k] ? [i.path, i.rule, i.article] : [i.path, i.rule]));

function run(profile: Profile, c: Case): { submit: DecisionIssue[]; draft: DecisionIssue[]; expected: Exp[] } {
  const form = BASE[profile]();
  const returned = c.mutate(form);
  const input = (returned === undefined ? form : returned) as DecisionForm;
  const submit = validateDecisionForm(profile, input, { mode: 'submit' });
  const draft = validateDecisionForm(profile, input, { mode: 'draft' });
  // "[LAST]" stands for the index of the last measure (for pushes).
  const expected = c.expect.map(([p, r, a]) => {
    const lastIdx = (i: number): number => (Array.isArray(A(input, i)?.measures) ? A(input, i).measures.length - 1 : -1);
    const path = p.replace(/authors\[(\d+)\]\.measures\[LAST\]/, (_m, i) => `authors[${i}].measures[${lastIdx(Number(i))}]`);
    return (a === undefined ? [path, r] : [path, r, a]) as Exp;
  });
  return { submit, draft, expected };
}

function check(profile: Profile, c: Case): void {
  const { submit, draft, expected } = run(profile, c);
  expect(
    simplify(
      submit,
      expected.map((e) => e[2] !== undefined),
    ),
  ).toEqual(expected);
  const draftExpected = expected.filter(([, rule]) => DECISION_RULES[rule] === 'draft');
  expect(
    simplify(
      draft,
      draftExpected.map((e) => e[2] !== undefined),
    ),
  ).toEqual(draftExpected);
  for (const i of submit) {
    expect(i.article).toMatch(/^(00[0-4] art\.\d+|GB 11643|002 form|RULES §4 \[decision\])$/);
    expect(i.message).toMatch(/[A-Za-z]/);
    expect(i.message).toMatch(/[\u4e00-\u9fff]/); // carries the Chinese term
  }
}

describe.each(['national-2022', 'henan-2021'] as Profile[])('validateDecisionForm %s', (profile) => {
  it('the valid form has no issue in either mode', () => {
    expect(validateDecisionForm(profile, BASE[profile](), { mode: 'submit' })).toEqual([]);
    expect(validateDecisionForm(profile, BASE[profile](), { mode: 'draft' })).toEqual([]);
  });

  it('does not modify the form', () => {
    const f = BASE[profile]();
    A(f, 0).measures = [];
    const before = JSON.stringify(f);
    validateDecisionForm(profile, f, { mode: 'submit' });
    expect(JSON.stringify(f)).toBe(before);
  });

  it('an empty draft is fine in draft mode, not in submit mode', () => {
    const empty = {
      result: 'misconduct',
      authors: [
        {
          order: 1,
          name: '',
          organisation: '',
          idNumber: '',
          penalise: true,
          misconductTypes: [],
          measures: [],
          mitigating: [],
          aggravating: [],
        },
      ],
    } as DecisionForm;
    expect(validateDecisionForm(profile, empty, { mode: 'draft' })).toEqual([]);
    expect(validateDecisionForm(profile, empty, { mode: 'submit' }).map((i) => [i.path, i.rule])).toEqual([
      ['authors[0].name', 'author.name_required'],
      ['authors[0].organisation', 'author.organisation_required'],
      ['authors[0].idNumber', 'author.id_number_required'],
      ['authors[0].misconductTypes', 'penalise.types_required'],
      ['authors[0].severity', 'penalise.severity_required'],
      ['authors', 'result.misconduct_requires_type'],
    ]);
  });

  it.each(GENERIC.map((c) => [c.name, c] as [string, Case]))('generic: %s', (_n, c) => check(profile, c));
});

describe('validateDecisionForm national-2022 specifics', () => {
  it.each(NATIONAL.map((c) => [c.name, c] as [string, Case]))('%s', (_n, c) => check('national-2022', c));
});

describe('validateDecisionForm henan-2021 specifics', () => {
  it.each(HENAN.map((c) => [c.name, c] as [string, Case]))('%s', (_n, c) => check('henan-2021', c));

  it('a form valid for national is not necessarily valid for henan (catalogues differ)', () => {
    const issues = validateDecisionForm('henan-2021', nationalForm(), { mode: 'submit' }).map((i) => [i.path, i.rule]);
    expect(issues).toContainEqual(['authors[0].measures[1].code', 'measure.unknown']); // national (13)
    expect(issues).toContainEqual(['authors[2].severity', 'severity.type_floor']); // type (6) is floored in 001 only
  });
});

describe('validateDecisionForm: coverage and profiles', () => {
  const rulesHit = (profile: Profile, cases: Case[]): Set<DecisionRuleId> => {
    const hit = new Set<DecisionRuleId>();
    for (const c of cases) for (const i of run(profile, c).submit) hit.add(i.rule);
    return hit;
  };

  it('every rule is exercised for henan-2021', () => {
    const hit = rulesHit('henan-2021', [...GENERIC, ...HENAN]);
    expect(Object.keys(DECISION_RULES).filter((r) => !hit.has(r as DecisionRuleId))).toEqual([]);
  });

  it('every rule is exercised for national-2022, except those its catalogue has no data for', () => {
    const hit = rulesHit('national-2022', [...GENERIC, ...NATIONAL]);
    expect(Object.keys(DECISION_RULES).filter((r) => !hit.has(r as DecisionRuleId))).toEqual([
      'severity.aggravating_floor',
      'measure.requires_companion',
    ]);
    expect(getCatalogue('national-2022').aggravatingFloor).toBeUndefined();
    expect(getCatalogue('national-2022').measures.every((m) => m.requiresMeasures.every((c) => c === '13'))).toBe(true);
  });

  it('throws POLICY_PROFILE_UNKNOWN for an unknown profile', () => {
    expect(() => validateDecisionForm('beijing-2020', nationalForm(), { mode: 'draft' })).toThrow(
      expect.objectContaining({ code: 'POLICY_PROFILE_UNKNOWN' }),
    );
  });
});

describe('applyToAuthors (002: 多名作者处罚措施相同,可多选后一次性填写)', () => {
  const entry: PenaltyFields = {
    penalise: true,
    misconductTypes: ['7'],
    severity: '2',
    measures: [{ code: '7', years: 2 }, { code: '13' }, { code: '2' }],
    mitigating: ['1'],
    aggravating: ['4'],
  };

  it('copies the penalty fields to the chosen authors and leaves identity and other authors alone', () => {
    const form = nationalForm();
    const out = applyToAuthors(form, [2, 3], entry);
    for (const i of [1, 2]) {
      const a = out.authors[i];
      expect({
        penalise: a.penalise,
        misconductTypes: a.misconductTypes,
        severity: a.severity,
        measures: a.measures,
        mitigating: a.mitigating,
        aggravating: a.aggravating,
      }).toEqual(entry);
      const { order, name, organisation, idNumber, idType } = form.authors[i];
      expect({ order: a.order, name: a.name, organisation: a.organisation, idNumber: a.idNumber, idType: a.idType }).toEqual({
        order,
        name,
        organisation,
        idNumber,
        idType,
      });
    }
    expect(out.authors[0]).toEqual(form.authors[0]);
    expect(out.authors[3]).toEqual(form.authors[3]);
    expect(out.result).toBe(form.result);
    expect(validateDecisionForm('national-2022', out, { mode: 'submit' })).toEqual([]);
  });

  it('targets byline positions, not array indexes', () => {
    const form = nationalForm();
    form.authors.reverse(); // orders 4, 3, 2, 1
    const out = applyToAuthors(form, [1], entry);
    expect(out.authors[3].order).toBe(1);
    expect(out.authors[3].misconductTypes).toEqual(['7']);
    expect(out.authors[0].misconductTypes).toEqual(['2', '7']);
  });

  it('does not mutate the form or the entry, and shares no arrays or measure objects with them', () => {
    const form = nationalForm();
    const snapshot = JSON.stringify(form);
    const e = JSON.parse(JSON.stringify(entry)) as PenaltyFields;
    const out = applyToAuthors(form, [1, 2], e);
    expect(JSON.stringify(form)).toBe(snapshot);
    out.authors[0].measures[0].years = 99;
    out.authors[0].misconductTypes.push('8');
    out.authors[3].measures[0].permanent = false;
    expect(e.measures[0].years).toBe(2);
    expect(e.misconductTypes).toEqual(['7']);
    expect(out.authors[1].measures[0].years).toBe(2);
    expect(form.authors[3].measures[0].permanent).toBe(true);
    expect(out.authors[0]).not.toBe(form.authors[0]);
  });

  it('copying "not penalised" clears severity and measures', () => {
    const out = applyToAuthors(nationalForm(), [1, 3, 4], {
      penalise: false,
      misconductTypes: [],
      measures: [],
      mitigating: ['5'],
      aggravating: [],
    });
    for (const i of [0, 2, 3]) {
      expect(out.authors[i].penalise).toBe(false);
      expect('severity' in out.authors[i]).toBe(false);
      expect(out.authors[i].measures).toEqual([]);
    }
    // nobody has a type now
    expect(validateDecisionForm('national-2022', out, { mode: 'submit' }).map((i) => i.rule)).toEqual(['result.misconduct_requires_type']);
  });

  it('copies a full AuthorEntry without taking its identity', () => {
    const form = henanForm();
    const src: AuthorEntry = form.authors[0];
    const out = applyToAuthors(form, [2], src);
    expect(out.authors[1].name).toBe('张三');
    expect(out.authors[1].order).toBe(2);
    expect(out.authors[1].measures).toEqual(src.measures);
    expect(validateDecisionForm('henan-2021', out, { mode: 'submit' })).toEqual([]);
  });

  it('an empty selection returns an equal copy', () => {
    const form = nationalForm();
    const out = applyToAuthors(form, [], entry);
    expect(out).toEqual(form);
    expect(out).not.toBe(form);
  });

  it('throws VALIDATION_FAILED for a byline position no author has', () => {
    let err: unknown;
    try {
      applyToAuthors(nationalForm(), [2, 7, 9], entry);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('VALIDATION_FAILED');
    expect((err as DomainError).details.unknownOrders).toEqual([7, 9]);
    expect((err as DomainError).issues.map((i) => i.path)).toEqual(['orders[1]', 'orders[2]']);
  });
});
