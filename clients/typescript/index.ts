/**
 * The TypeScript client of the API: openapi-fetch (runtime, a thin typed `fetch`) over the types that openapi-typescript
 * generated from the served OpenAPI document (schema.d.ts, from openapi.json; `npm run generate:client`). Nothing here is
 * written by hand but this wrapper: every path, parameter, body and answer type comes from the document.
 *
 *   const api = createApiClient({ baseUrl: 'http://127.0.0.1:3000', token });
 *   const { data, error, response } = await api.GET('/api/v1/cases/{id}', { params: { path: { id } } });
 *   await api.POST('/api/v1/cases/{id}/actions/accept', {
 *     params: { path: { id }, header: { 'If-Match': response.headers.get('ETag')! } },
 *     body: { checkedBy: ['王五', '赵六'] },
 *   });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type ApiClient = Client<paths>;
/** A schema of the document by its component name, e.g. `Schema<'Case'>`, `Schema<'ErrorBody'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

export interface ApiClientOptions extends ClientOptions {
  /** Bearer token from POST /api/v1/auth/login; sent with every request. */
  token?: string;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { token, ...rest } = options;
  const client = createClient<paths>(rest);
  if (token) {
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}
