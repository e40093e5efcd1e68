/**
 * Until main's contract decorators (apps/api/src/common/openapi.ts on main: AnswersFile, Refuses, FILE_HEADERS,
 * EXPORT_HEADERS) are merged into this branch: the same names, so the merge only swaps the import.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { ref } from './openapi';

type HeaderDocs = Record<string, { description: string; schema?: Record<string, unknown> }>;

export function AnswersFile(contentTypes: string[], opts: { description: string; headers?: HeaderDocs }) {
  return applyDecorators(
    ApiProduces(...contentTypes),
    ApiResponse({
      status: 200,
      description: opts.description,
      ...(opts.headers ? { headers: opts.headers as never } : {}),
      content: Object.fromEntries(contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );
}

export function Refuses(...statuses: number[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: 'refused', content: { 'application/json': { schema: ref('ErrorBody') } } })));
}

export const FILE_HEADERS: HeaderDocs = {
  'Content-Disposition': { description: "attachment; filename*=UTF-8''<the uploaded file name, percent-encoded>", schema: { type: 'string' } },
  'Content-Length': { description: 'size in bytes', schema: { type: 'integer' } },
  'X-Content-SHA256': { description: 'SHA-256 of the bytes, lower-case hex (as listed with the file)', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
};

export const EXPORT_HEADERS: HeaderDocs = {
  'Content-Disposition': { description: "attachment; filename=\"<list>-<asOf>.<ext>\"; filename*=UTF-8''<Chinese title>-<asOf>.<ext>", schema: { type: 'string' } },
  'X-Total-Count': { description: 'every matching row (the file holds at most the export cap)', schema: { type: 'integer', minimum: 0 } },
  'X-Export-Truncated': { description: '"true" when the file holds fewer rows than X-Total-Count', schema: { type: 'string', enum: ['true'] } },
};
