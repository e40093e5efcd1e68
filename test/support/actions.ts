/**
 * Taking an action through HTTP as a client does: read the case or paper, send its ETag back as If-Match (required
 * for every action, REQUIRE_IF_MATCH), then post the action. A case the caller cannot see gets no If-Match (its GET is
 * a 404 too), so the action's own answer (404) is what the test sees.
 */
import type { Response } from 'supertest';
import type request from 'supertest';

type Http = ReturnType<typeof request>;

export async function etagOf(
  http: Http,
  headers: Record<string, string>,
  kind: 'cases' | 'papers',
  id: string,
): Promise<string | undefined> {
  const got = await http.get(`/api/v1/${kind}/${id}`).set(headers);
  return got.status === 200 ? (got.headers.etag as string | undefined) : undefined;
}

export async function postAction(
  http: Http,
  headers: Record<string, string>,
  kind: 'cases' | 'papers',
  id: string,
  action: string,
  body: unknown = {},
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const etag = await etagOf(http, headers, kind, id);
  const req = http.post(`/api/v1/${kind}/${id}/actions/${action}`).set(headers);
  if (etag) req.set('If-Match', etag);
  for (const [k, v] of Object.entries(extraHeaders)) req.set(k, v);
  return req.send(body as object);
}

/** The same, failing with the answer's body when the status is not the one expected. */
export async function expectAction(
  http: Http,
  headers: Record<string, string>,
  kind: 'cases' | 'papers',
  id: string,
  action: string,
  body: unknown,
  status: number,
): Promise<Response> {
  const res = await postAction(http, headers, kind, id, action, body);
  if (res.status !== status) throw new Error(`${action}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}
