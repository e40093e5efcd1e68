/**
 * The workbench talks to the API only through the generated client (clients/typescript: openapi-fetch over the types
 * generated from /docs-json). The signed-in token lives in sessionStorage **[decision]**: a reload of the tab keeps the
 * officer signed in, closing the tab signs out; nothing else is stored in the browser.
 */
import { createApiClient, type ApiClient, type paths, type Schema } from '@clients/typescript';

export type { Schema };
export type ErrorBody = Schema<'ErrorBody'>;
export type Issue = Schema<'Issue'>;
export type Me = Schema<'Me'>;
export type Case = Schema<'Case'>;
/** A policy profile's code as the API's paths take it (the case and organisation views carry it as a string). */
export type ProfileCode = paths['/api/v1/policy-profiles/{code}']['get']['parameters']['path']['code'];

const TOKEN_KEY = 'workbench.token';

/** Same origin: the API serves the workbench at /app. */
const baseUrl = window.location.origin;

/**
 * Never from the browser's HTTP cache: GET /cases/{id} answers with `ETag: "<version>"` whatever the caller, so after a
 * change of user the browser would revalidate, get 304 and reuse the previous user's body (its allowedActions).
 */
const NO_STORE = { cache: 'no-store' } as const;

let client: ApiClient = createApiClient({ baseUrl, token: sessionStorage.getItem(TOKEN_KEY) ?? undefined, ...NO_STORE });

export function api(): ApiClient {
  return client;
}

export function hasToken(): boolean {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

export function signIn(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  client = createApiClient({ baseUrl, token, ...NO_STORE });
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  client = createApiClient({ baseUrl, ...NO_STORE });
}

/** An answer that is not 2xx, with the API's one error body (or a stand-in when the body is not JSON). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

export function asError(status: number, error: unknown): ApiError {
  const body =
    error && typeof error === 'object' && 'error' in error && 'message' in error
      ? (error as ErrorBody)
      : { error: `HTTP_${status}`, message: `HTTP ${status}`, issues: [] };
  return new ApiError(status, { ...body, issues: body.issues ?? [] });
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError carrying the error body. */
export function unwrap<T>(res: { data?: T; error?: unknown; response: Response }): T {
  if (res.data === undefined || res.error !== undefined) throw asError(res.response.status, res.error);
  return res.data;
}

// --- the OpenAPI document, for the forms generated from an action's body schema ---------------------------------------

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  description?: string;
  title?: string;
  example?: unknown;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; summary?: string; description?: string }>
  >;
  components: { schemas: Record<string, JsonSchema> };
}

let documentPromise: Promise<OpenApiDocument> | undefined;

/** The API's served OpenAPI document (/docs-json), fetched once: the contract the forms are generated from. */
export function openApiDocument(): Promise<OpenApiDocument> {
  documentPromise ??= fetch(`${baseUrl}/docs-json`).then(async (r) => {
    if (!r.ok) throw new Error(`/docs-json: HTTP ${r.status}`);
    return (await r.json()) as OpenApiDocument;
  });
  documentPromise.catch(() => (documentPromise = undefined));
  return documentPromise;
}

/** Follows a local $ref (#/components/schemas/Name). */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && s.$ref; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${s.$ref}`);
    s = { ...target, description: schema.description ?? target.description };
  }
  if (s.allOf?.length === 1) return resolveSchema(doc, { ...s.allOf[0], description: s.description });
  return s;
}

/** The JSON body schema of an operation (e.g. POST /api/v1/cases/{id}/actions/accept), resolved. */
export function bodySchema(doc: OpenApiDocument, path: string, method = 'post'): JsonSchema | undefined {
  const s = doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  return s ? resolveSchema(doc, s) : undefined;
}

/** Today in Asia/Shanghai (officers count days there), YYYY-MM-DD. */
export function todayShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
