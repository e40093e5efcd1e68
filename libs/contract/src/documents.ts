/**
 * Generated documents (issue 23, point 2): the request that writes one and what a document looks like in answers.
 */
import { Type } from '@sinclair/typebox';
import { DOCUMENT_KINDS } from '@libs/domain/src/documents/kinds';
import { Body, IsoDate, StringEnum, Uuid } from './primitives';

export const GenerateDocumentBodySchema = Body(
  {
    kind: StringEnum(DOCUMENT_KINDS, {
      description:
        'acceptance_notice (受理通知书) and refusal_notice (不予受理通知书) to the real-name reporter; decision_letter (处理决定书); ' +
        'review_opinion (复查意见书) and appeal_opinion (复核意见书). Each follows its step of the procedure (409 before it).',
    }),
    date: Type.Optional(
      IsoDate({ description: '成文日期 (Asia/Shanghai); defaults to today. Not in the future, not before the step the document records.' }),
    ),
  },
  { title: 'GenerateDocumentBody' },
);

export const CaseDocumentSchema = Type.Object(
  {
    id: Uuid({ description: 'the file id: GET /api/v1/cases/{id}/files/{fileId} downloads it' }),
    kind: StringEnum(DOCUMENT_KINDS),
    title: Type.String({ example: '科研失信行为调查处理决定书' }),
    number: Type.String({ description: '发文字号', example: '诚信处〔2026〕3号' }),
    issuer: Type.Object({ orgId: Uuid(), name: Type.String() }, { additionalProperties: false }),
    date: IsoDate({ description: '成文日期' }),
    filename: Type.String(),
    contentType: StringEnum(['application/pdf'] as const),
    size: Type.Integer({ minimum: 1 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the PDF; the same content gives the same bytes' }),
    template: Type.String({ description: '<policy profile>/<kind>', example: 'national-2022/decision_letter' }),
    eventSeq: Type.Integer({ description: 'the timeline event (document_generated) that records it' }),
    generatedBy: Uuid(),
    generatedAt: Type.String({ format: 'date-time' }),
    download: Type.String({ example: '/api/v1/cases/…/files/…' }),
  },
  { title: 'CaseDocument', additionalProperties: false },
);

export const CaseDocumentListSchema = Type.Object(
  {
    documents: Type.Array(CaseDocumentSchema, { description: "the case's documents, oldest first (to the reporter: handlers only)" }),
    available: Type.Array(StringEnum(DOCUMENT_KINDS), { description: 'the kinds the caller may generate now' }),
  },
  { title: 'CaseDocumentList', additionalProperties: false },
);
