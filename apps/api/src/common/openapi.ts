/**
 * The served OpenAPI document (`/docs`, `/docs-json`) as one contract: Nest's document from the controllers, completed
 * here with what the decorators cannot say once for all —
 *  - every case and paper action as its own operation (`POST /api/v1/cases/{id}/actions/accept`, …) with its own body
 *    schema (libs/contract), the action result, `If-Match` and `Idempotency-Key`;
 *  - the contract's schemas as components (ErrorBody, DecisionForm, …), nested titled schemas by reference;
 *  - the error answers of every operation in the one error body: 400 where it takes input, 401/403 behind the bearer
 *    token, 404 where a path names something, 429 for writes (rate limits);
 *  - strings without a pattern, format or enum carry the pattern that refuses NUL characters, as the server does.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { rolesTaking, type ActionName } from '@libs/domain/src/case/actions';
import {
  ApplyToAuthorsSchema,
  CASE_ACTION_CONTRACT,
  CaseDocumentListSchema,
  CaseDocumentSchema,
  GenerateDocumentBodySchema,
  CaseActionResultSchema,
  DecisionFormSchema,
  ErrorBodySchema,
  NO_NUL,
  PAPER_ACTION_CONTRACT,
  PaperActionResultSchema,
  LEAD_ACTION_CONTRACT,
  LEAD_SCHEMAS,
  ARCHIVE_SCHEMAS,
  SPOT_CHECK_SCHEMAS,
  SELF_INSPECTION_SCHEMAS,
  REPORT_SCHEMAS,
  VIEW_SCHEMAS,
} from '@libs/contract/src';
import { PRIVATE_CACHE_CONTROL } from './http-hardening';
import { IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from './workflow-action';

type Json = Record<string, unknown>;
type Operation = { parameters?: Json[]; requestBody?: Json; responses?: Record<string, Json>; security?: unknown[]; tags?: string[] };

const ERROR_TEXT: Record<number, string> = {
  400: 'the request is not valid: every failing field is named in `issues`',
  401: 'no valid bearer token',
  403: "the caller's roles do not allow this",
  404: 'not found, or not visible to the caller',
  409: 'not possible in the current state: `allowedActions` says what is',
  412: 'If-Match names an older version: read it again',
  413: 'the body is too large',
  415: 'unsupported media type',
  422: 'the Idempotency-Key was first used for a different request',
  428: 'If-Match is required for state-changing actions',
  503: 'a service the request needs is not available (e.g. the document fonts): retry later',
  429: 'too many requests: retry later',
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function errorResponse(status: number): Json {
  return { description: ERROR_TEXT[status] ?? 'refused', content: { 'application/json': { schema: ref('ErrorBody') } } };
}

type HeaderDocs = Record<string, { description: string; schema?: Json }>;

/**
 * The success answer of an operation, as a component of libs/contract (views.ts, responses.ts) named by its title:
 * `@Answers(CaseSchema)`, `@Answers([CaseEventSchema])` for a list, `{ status: 201 }`, response `headers`.
 */
export function Answers(schema: TSchema | [TSchema], opts: { status?: number; description?: string; headers?: HeaderDocs } = {}) {
  const one = Array.isArray(schema) ? schema[0] : schema;
  const title = one.title;
  if (!title) throw new Error('Answers: the schema needs a title (it becomes a component)');
  const body = Array.isArray(schema) ? { type: 'array', items: ref(title) } : ref(title);
  return ApiResponse({
    status: opts.status ?? 200,
    description: opts.description ?? 'done',
    ...(opts.headers ? { headers: opts.headers as never } : {}),
    content: { 'application/json': { schema: body } },
  });
}

/** A download: the bytes with their content type(s), and the headers sent with them. */
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

/** A stored file, byte for byte, with the content type it was uploaded with (one of FILES_ALLOWED_TYPES) and its SHA-256. */
export function AnswersStoredFile(description = 'the bytes as uploaded, with the content type given then') {
  return AnswersFile(['application/octet-stream'], { description, headers: FILE_HEADERS });
}

/**
 * A multipart upload (common/stored-upload.ts): the form `fields` sent before the one `file`, the 201 answer with
 * `schema`, and the refusals of an upload (413 over FILES_MAX_BYTES, 415 a type not in FILES_ALLOWED_TYPES) besides
 * `refuses`.
 */
export function Uploads(
  schema: TSchema,
  opts: { fields?: Record<string, Json>; required?: string[]; description?: string; refuses?: number[] } = {},
) {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      required: true,
      schema: {
        type: 'object',
        required: [...(opts.required ?? []), 'file'],
        additionalProperties: false,
        properties: {
          ...opts.fields,
          file: {
            type: 'string',
            format: 'binary',
            description: 'one file, of an allowed content type (FILES_ALLOWED_TYPES), at most FILES_MAX_BYTES',
          },
        },
      },
    }),
    Answers(schema, { status: 201, description: opts.description ?? 'stored' }),
    Refuses(...(opts.refuses ?? []), 413, 415),
  );
}

/** No body: 204. */
export function AnswersNothing(description: string) {
  return ApiResponse({ status: 204, description });
}

/** Refusals an operation can answer besides the ones every operation gets (see completeDocument), in the error body. */
export function Refuses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_TEXT[status] ?? 'refused', content: { 'application/json': { schema: ref('ErrorBody') } } }),
    ),
  );
}

/** Headers sent with a stored file. */
export const FILE_HEADERS: HeaderDocs = {
  'Content-Disposition': {
    description: "attachment; filename*=UTF-8''<the uploaded file name, percent-encoded>",
    schema: { type: 'string' },
  },
  'Content-Length': { description: 'size in bytes', schema: { type: 'integer' } },
  'X-Content-SHA256': {
    description: 'SHA-256 of the bytes, lower-case hex (as listed with the file)',
    schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
};

/** Headers of a CSV/XLSX export (supervision, leads, spot checks, self-inspections). */
export const EXPORT_HEADERS: HeaderDocs = {
  'Content-Disposition': {
    description: 'attachment; filename="<list>-<asOf>.<ext>"; filename*=UTF-8\'\'<Chinese title>-<asOf>.<ext>',
    schema: { type: 'string' },
  },
  'X-Total-Count': { description: 'every matching row (the file holds at most the export cap)', schema: { type: 'integer', minimum: 0 } },
  'X-Export-Truncated': {
    description: '"true" when the file holds fewer rows than X-Total-Count',
    schema: { type: 'string', enum: ['true'] },
  },
};

const CACHE_CONTROL_HEADER = {
  description: `"${PRIVATE_CACHE_CONTROL}" (exports: "no-store"): the answer is the caller's own and is never stored by a cache; sent with \`Vary: Authorization\``,
  schema: { type: 'string', example: PRIVATE_CACHE_CONTROL },
};

export const ETAG_HEADER: HeaderDocs = {
  ETag: {
    description: 'the version as a strong entity tag, e.g. "3": send it back as If-Match with the next action',
    schema: { type: 'string', pattern: IF_MATCH_PATTERN },
  },
};

function pascal(s: string): string {
  return s.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Plain JSON of a TypeBox schema with nested titled schemas replaced by references (and registered). */
function register(components: Record<string, Json>, name: string, schema: TSchema): void {
  const walk = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (node === null || typeof node !== 'object') return node;
    const o = node as Json;
    // A titled object becomes a reference; a nullable one stays inline (a reference cannot carry `nullable` in 3.0).
    if (!root && typeof o.title === 'string' && o.type === 'object' && o.nullable !== true) {
      if (!components[o.title]) components[o.title] = walk(o, true) as Json;
      return ref(o.title);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, walk(v, false)]));
  };
  components[name] = walk(JSON.parse(JSON.stringify(schema)), true) as Json;
}

function actionOperation(opts: {
  what: 'case' | 'paper' | 'lead';
  action: string;
  summary: string;
  bodyRef: string;
  resultRef: string;
  roles: readonly string[];
  requireIfMatch: boolean;
}): Json {
  const { what } = opts;
  return {
    post: {
      tags: [`${what} actions`],
      operationId: `${what}Action_${opts.action}`,
      summary: opts.summary,
      description:
        `Roles: ${opts.roles.join(', ')}. Checked in this order: the ${what} is visible (404) → your role (403) → a known Idempotency-Key ` +
        `(the first answer again, or 422) → If-Match (428, 400, 412) → the ${what}'s state (409, with your allowedActions) → ` +
        'this body (400, every field) → the rules of the action (400, rule and article).',
      security: [{ bearer: [] }],
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: what === 'case' ? 'case id (uuid) or case number' : `${what} id (uuid)`,
          schema: { type: 'string', maxLength: 64, pattern: NO_NUL },
        },
        {
          name: 'If-Match',
          in: 'header',
          required: opts.requireIfMatch,
          description: `the ${what}'s version as its ETag from GET or the last action's answer, e.g. "3"; a stale one answers 412`,
          schema: { type: 'string', pattern: IF_MATCH_PATTERN },
        },
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: `a retry with the same key and the same body returns the first answer; the same key with another request answers 422; keys are bound for the life of the ${what}`,
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN },
        },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: ref(opts.bodyRef) } } },
      responses: {
        200: {
          description: 'the action was taken',
          headers: ETAG_HEADER,
          content: { 'application/json': { schema: ref(opts.resultRef) } },
        },
        ...Object.fromEntries([400, 401, 403, 404, 409, 412, 422, 428, 429].map((s) => [s, errorResponse(s)])),
      },
    },
  };
}

export interface DocumentOptions {
  /** REQUIRE_IF_MATCH: If-Match is a required header of every action. */
  requireIfMatch: boolean;
  /** FILES_ALLOWED_TYPES: the content types a stored file is kept and served with. */
  fileTypes: readonly string[];
}

export function completeDocument(doc: OpenAPIObject, opts: DocumentOptions): OpenAPIObject {
  doc.components ??= {};
  const schemas = (doc.components.schemas ??= {}) as Record<string, Json>;
  register(schemas, 'ErrorBody', ErrorBodySchema);
  register(schemas, 'DecisionForm', DecisionFormSchema);
  register(schemas, 'ApplyToAuthors', ApplyToAuthorsSchema);
  register(schemas, 'CaseActionResult', CaseActionResultSchema);
  register(schemas, 'PaperActionResult', PaperActionResultSchema);
  register(schemas, 'GenerateDocumentBody', GenerateDocumentBodySchema);
  register(schemas, 'CaseDocument', CaseDocumentSchema);
  register(schemas, 'CaseDocumentList', CaseDocumentListSchema);
  // The reporter channel and linked cases (issue 23), by their titles.
  for (const s of REPORT_SCHEMAS) register(schemas, s.title!, s);

  for (const [action, c] of Object.entries(CASE_ACTION_CONTRACT) as Array<[ActionName, { summary: string; body: TSchema }]>) {
    const bodyRef = `Case${pascal(action)}Body`;
    register(schemas, bodyRef, c.body);
    doc.paths[`/api/v1/cases/{id}/actions/${action}`] = actionOperation({
      what: 'case',
      action,
      summary: c.summary,
      bodyRef,
      resultRef: 'CaseActionResult',
      roles: rolesTaking(action, true),
      requireIfMatch: opts.requireIfMatch,
    }) as never;
  }
  for (const [action, c] of Object.entries(PAPER_ACTION_CONTRACT) as Array<[string, { summary: string; body: TSchema }]>) {
    const bodyRef = `Paper${pascal(action)}Body`;
    register(schemas, bodyRef, c.body);
    doc.paths[`/api/v1/papers/{id}/actions/${action}`] = actionOperation({
      what: 'paper',
      action,
      summary: c.summary,
      bodyRef,
      resultRef: 'PaperActionResult',
      roles: ['integrity_admin'],
      requireIfMatch: opts.requireIfMatch,
    }) as never;
  }

  // Leads (issue 22): their schemas, and one operation per triage action.
  for (const [name, schema] of Object.entries({ ...LEAD_SCHEMAS, ...SPOT_CHECK_SCHEMAS, ...SELF_INSPECTION_SCHEMAS }))
    register(schemas, name, schema);
  // The registry by hand, integrity archives and public notices (issue 22 points 2, 3, 6).
  for (const [name, schema] of Object.entries(ARCHIVE_SCHEMAS)) register(schemas, name, schema);
  for (const [action, c] of Object.entries(LEAD_ACTION_CONTRACT) as Array<[string, { summary: string; body: TSchema }]>) {
    const bodyRef = `Lead${pascal(action)}Body`;
    register(schemas, bodyRef, c.body);
    doc.paths[`/api/v1/leads/{id}/actions/${action}`] = actionOperation({
      what: 'lead',
      action,
      summary: c.summary,
      bodyRef,
      resultRef: 'LeadDetail', // the lead as GET /leads/{id} answers it, with its deadlines
      roles: ['integrity_admin'],
      requireIfMatch: opts.requireIfMatch,
    }) as never;
  }

  for (const schema of VIEW_SCHEMAS) register(schemas, schema.title!, schema);
  // Request DTOs (class-validator): the global ValidationPipe refuses unknown keys (forbidNonWhitelisted), so every
  // object schema Nest generated from them is closed too.
  for (const s of Object.values(schemas)) if (s.type === 'object' && s.additionalProperties === undefined) s.additionalProperties = false;
  // What a class-validator DTO cannot say about itself: PATCH /users/{id} needs at least one field.
  if (schemas.UpdateUserDto) schemas.UpdateUserDto.minProperties = 1;
  // PUT /papers/review-settings/{orgId} names at least one setting.
  if (schemas.ReviewSettingsDto) schemas.ReviewSettingsDto.minProperties = 1;

  // The supervision dashboard (apps/api/src/supervision/dashboard): an HTML page served outside /api/v1, public.
  doc.paths['/dashboard'] = {
    get: {
      tags: ['supervision'],
      operationId: 'dashboardPage',
      summary: 'The supervision dashboard (HTML); it signs in through the API and keeps the token in memory',
      security: [],
      responses: { 200: { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  } as never;
  // The officers' workbench (apps/api/src/workbench, web/workbench): the same page for /app and every path below it.
  doc.paths['/app'] = {
    get: {
      tags: ['workbench'],
      operationId: 'workbenchPage',
      summary: "The officers' workbench (HTML, also for every /app/… path of its own pages); it signs in through the API",
      security: [],
      responses: { 200: { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  } as never;

  // A stored file comes back with the content type it was uploaded with: one of the allowed types.
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, Operation>)) {
      const ok = op?.responses?.[200] as { headers?: Json; content?: Json } | undefined;
      if (ok?.headers?.['X-Content-SHA256'] && ok.content) {
        const schema = Object.values(ok.content)[0];
        ok.content = Object.fromEntries(opts.fileTypes.map((t) => [t, schema]));
      }
    }
  }

  // The error answers every operation can give, in the one error body.
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const responses = (op.responses ??= {});
      const add = (status: number) => (responses[status] ??= errorResponse(status));
      const secured = (op.security ?? doc.security ?? []).length > 0;
      if (op.requestBody || (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path' || p.in === 'header')) add(400);
      // A JSON body beyond the parser's limit is refused before anything else.
      if ((op.requestBody as { content?: Json } | undefined)?.content?.['application/json']) add(413);
      if (secured) {
        add(401);
        add(403);
      }
      if (path.includes('{')) add(404);
      if (method !== 'get') add(429);
      // PostgreSQL or Temporal down, Temporal rate-limiting, or the record's workflow not ready (unavailable.ts): 503
      // with Retry-After, for every operation that reaches either.
      if (path.startsWith('/api/'))
        responses[503] ??= {
          ...errorResponse(503),
          description:
            "a service the request needs is not available (PostgreSQL, Temporal, the record's workflow while its task is retried, the document fonts): retry after `Retry-After` seconds, an action with the same Idempotency-Key",
          headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
        };
      // Every answer is the caller's own (org scope, allowedActions): no cache may keep it (http-hardening.ts).
      if (secured && path.startsWith('/api/')) {
        for (const [status, r] of Object.entries(responses)) {
          if (!/^2/.test(status) || '$ref' in (r as Json)) continue;
          const headers = ((r as { headers?: Json }).headers ??= {});
          headers['Cache-Control'] ??= CACHE_CONTROL_HEADER;
        }
      }
      // Express answers a conditional GET whose If-None-Match still matches the answer's ETag with 304, no body.
      if (method === 'get' && (responses[200] as { content?: Json } | undefined)?.content?.['application/json']) {
        responses[304] ??= { description: 'not modified: the ETag given in If-None-Match still matches (no body)' };
      }
    }
  }

  // Request strings without a pattern, format or enum carry the pattern that refuses NUL characters, as the server does.
  forEachRequestSchema(doc, (s) => {
    if (s.type === 'string' && s.pattern === undefined && s.format === undefined && s.enum === undefined) s.pattern = NO_NUL;
  });
  checkDocument(doc);
  return doc;
}

/**
 * What every operation must document (a route added without it fails the build, scripts/generate-client.ts): a success
 * answer with its content type and schema (or 204), an operationId, and only references that resolve.
 */
function checkDocument(doc: OpenAPIObject): void {
  const problems: string[] = [];
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation & { operationId?: string }>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const label = `${method.toUpperCase()} ${path}`;
      const ok = Object.entries(op.responses ?? {}).filter(([s]) => /^2/.test(s));
      if (ok.length === 0) problems.push(`${label}: no success answer documented`);
      for (const [status, r] of ok) {
        const content = (r as { content?: Record<string, { schema?: unknown }> }).content;
        if (status === '204') continue;
        if (!content || Object.values(content).some((c) => !c.schema)) problems.push(`${label}: ${status} has no content schema`);
      }
    }
  }
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.replace('#/components/schemas/', '');
        if (!v.startsWith('#/components/schemas/') || !schemas[name]) problems.push(`unresolved reference ${v}`);
      } else walk(v);
    }
  };
  walk(doc);
  if (problems.length) throw new Error(`OpenAPI document incomplete:\n  ${[...new Set(problems)].join('\n  ')}`);
}

/** Visits every schema a request uses (parameters and bodies, through component references), each once. */
function forEachRequestSchema(doc: OpenAPIObject, visit: (s: Json) => void): void {
  const components = (doc.components?.schemas ?? {}) as Record<string, Json>;
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Json;
    if (typeof o.$ref === 'string') return walk(components[o.$ref.replace('#/components/schemas/', '')]);
    visit(o);
    for (const [k, v] of Object.entries(o)) {
      if (k === 'properties') Object.values(v as Json).forEach(walk);
      else if (k === 'items' || k === 'additionalProperties' || k === 'not') walk(v);
      else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) v.forEach(walk);
    }
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object') continue;
      for (const p of op.parameters ?? []) walk(p.schema);
      const content = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
      for (const c of Object.values(content)) walk(c.schema);
    }
  }
}
