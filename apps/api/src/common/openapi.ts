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
import type { OpenAPIObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { ACTIONS, type ActionName } from '../../../../libs/domain/src/case/actions';
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
  SPOT_CHECK_SCHEMAS,
  SELF_INSPECTION_SCHEMAS,
  REPORT_SCHEMAS,
} from '../../../../libs/contract/src';
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

function pascal(s: string): string {
  return s.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Plain JSON of a TypeBox schema with nested titled schemas replaced by references (and registered). */
function register(components: Record<string, Json>, name: string, schema: TSchema): void {
  const walk = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (node === null || typeof node !== 'object') return node;
    const o = node as Json;
    if (!root && typeof o.title === 'string' && o.type === 'object') {
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
        { name: 'id', in: 'path', required: true, description: what === 'case' ? 'case id (uuid) or case number' : `${what} id (uuid)`, schema: { type: 'string', maxLength: 64, pattern: NO_NUL } },
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
          headers: { ETag: { description: 'the new version, for the next If-Match', schema: { type: 'string' } } },
          content: { 'application/json': { schema: ref(opts.resultRef) } },
        },
        ...Object.fromEntries([400, 401, 403, 404, 409, 412, 422, 428, 429].map((s) => [s, errorResponse(s)])),
      },
    },
  };
}

export function completeDocument(doc: OpenAPIObject, opts: { requireIfMatch: boolean }): OpenAPIObject {
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
      roles: ACTIONS[action].roles,
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
  for (const [name, schema] of Object.entries({ ...LEAD_SCHEMAS, ...SPOT_CHECK_SCHEMAS, ...SELF_INSPECTION_SCHEMAS })) register(schemas, name, schema);
  for (const [action, c] of Object.entries(LEAD_ACTION_CONTRACT) as Array<[string, { summary: string; body: TSchema }]>) {
    const bodyRef = `Lead${pascal(action)}Body`;
    register(schemas, bodyRef, c.body);
    doc.paths[`/api/v1/leads/{id}/actions/${action}`] = actionOperation({
      what: 'lead',
      action,
      summary: c.summary,
      bodyRef,
      resultRef: 'LeadView',
      roles: ['integrity_admin'],
      requireIfMatch: opts.requireIfMatch,
    }) as never;
  }

  // The error answers every operation can give, in the one error body.
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const responses = (op.responses ??= {});
      const add = (status: number) => (responses[status] ??= errorResponse(status));
      const secured = (op.security ?? []).length > 0;
      if (op.requestBody || (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path' || p.in === 'header')) add(400);
      if (secured) {
        add(401);
        add(403);
      }
      if (path.includes('{')) add(404);
      if (method !== 'get') add(429);
    }
  }

  forEachSchema(doc, (s) => {
    if (s.type === 'string' && s.pattern === undefined && s.format === undefined && s.enum === undefined) s.pattern = NO_NUL;
  });
  return doc;
}

/** Visits every schema object of the document (components, parameters, bodies, responses). */
function forEachSchema(doc: OpenAPIObject, visit: (s: Json) => void): void {
  const seen = new Set<unknown>();
  const walk = (node: unknown, isSchema: boolean): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach((n) => walk(n, isSchema));
    const o = node as Json;
    if (isSchema) visit(o);
    for (const [k, v] of Object.entries(o)) {
      const childIsSchema =
        k === 'schema' ||
        k === 'items' ||
        k === 'additionalProperties' ||
        k === 'not' ||
        ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v));
      if (k === 'properties' && isSchema) Object.values(v as Json).forEach((p) => walk(p, true));
      else if (k === 'schemas' && o === doc.components) Object.values(v as Json).forEach((p) => walk(p, true));
      else walk(v, childIsSchema);
    }
  };
  walk(doc, false);
}
