/**
 * One request schema per problem-paper action (RULES.md §2, §5; 002, 004), documented as its own operation
 * `POST /api/v1/papers/{id}/actions/{action}`. Only integrity administrators act on papers (RULES.md §1).
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { PaperActionName } from '@libs/domain/src/paper';
import { Body, StringEnum, StringList, Text, Uuid } from './primitives';

const opinion = (required: boolean, description: string) =>
  required ? Text(4000, { description }) : Type.Optional(Text(4000, { required: false, description }));

export const PAPER_ACTION_CONTRACT = {
  dispatch: {
    summary: 'Dispatch the paper to an organisation below the holder (转派, 002)',
    body: Body({ targetOrgId: Uuid({ description: 'an organisation below the one holding the paper' }) }),
  },
  return_to_superior: {
    summary:
      'Return a misrouted paper to the superior that dispatched it (退回上级, 002); its case, still in intake, closes as transferred',
    body: Body({ reason: Text(2000, { description: 'why the paper does not belong here' }) }),
  },
  submit_result: {
    summary: "Submit the institution's result for review, or a draft for pre-review (004 二(二)); the case must be decided first",
    body: Body({
      kind: Type.Optional(
        StringEnum(['formal', 'draft'] as const, { description: 'formal (default) or a pre-review draft (004)', default: 'formal' }),
      ),
      attachmentIds: Type.Optional(
        StringList(Uuid(), {
          maxItems: 50,
          description: 'files of the paper (POST /papers/{id}/files); the formal version after a pre-review carries the stamped documents',
        }),
      ),
      note: Type.Optional(Text(2000, { required: false, description: 'note to the reviewer' })),
    }),
  },
  withdraw: { summary: 'Withdraw a submission before its review starts (002: 可撤回修改)', body: Body({}) },
  start_review: { summary: 'Start reviewing the result waiting for your organisation', body: Body({}) },
  approve: {
    summary: 'Approve the result: it goes one level up, or ends at national (审核通过, 002)',
    body: Body({
      opinion: opinion(false, 'review opinion'),
      letterFileId: Type.Optional(Uuid({ description: 'official letter attached (a file of the paper)' })),
    }),
  },
  return_result: {
    summary: 'Return the result with an opinion and an official letter (退回修改, 002; RULES.md §5)',
    body: Body({
      opinion: opinion(true, 'what must be revised'),
      letterFileId: Uuid({ description: 'the official letter (公函), a file of the paper' }),
    }),
  },
  consent: {
    summary: 'Consent to a pre-review draft; the formal stamped version follows (预审同意, 004 二(二))',
    body: Body({ opinion: opinion(false, 'pre-review opinion') }),
  },
} satisfies Record<PaperActionName, { summary: string; body: TObject }>;

export type PaperActionBodies = { [A in PaperActionName]: Static<(typeof PAPER_ACTION_CONTRACT)[A]['body']> };
