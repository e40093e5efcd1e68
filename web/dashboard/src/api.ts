/**
 * The dashboard's calls to the API, typed with the answers' types (api-types.ts). The page signs in with
 * POST /api/v1/auth/login and keeps the token in memory only (a reload signs out); every other call carries it.
 */
import type { ErrorBody, LoginResult, Me, OverdueTrend, SupervisedDeadlinePage, SupervisionSummary, TrendGranularity } from './api-types';

const API = '/api/v1';

/** A refused call: the API's message, and its HTTP status when there was an answer. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The HTTP status of a failed call, if it had one. */
export function statusOf(e: unknown): number | undefined {
  return e instanceof ApiError ? e.status : undefined;
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const session: { token: string | null; onExpired: () => void } = { token: null, onExpired: () => undefined };

export function setToken(token: string | null): void {
  session.token = token;
}

export function hasToken(): boolean {
  return session.token !== null;
}

/** Called when a signed-in call answers 401 (the token expired); the call then fails. */
export function onSessionExpired(fn: () => void): void {
  session.onExpired = fn;
}

async function call(path: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session.token) headers['Authorization'] = 'Bearer ' + session.token;
  const res = await fetch(API + path, { headers });
  if (res.status === 401 && session.token) {
    session.onExpired();
    throw new ApiError('401', 401);
  }
  if (!res.ok) {
    const b = (await res.json().catch(() => ({}))) as ErrorBody;
    const m = Array.isArray(b.message) ? b.message.join('；') : b.message || res.statusText;
    throw new ApiError(m, res.status);
  }
  return res;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await call(path);
  return (await res.json()) as T;
}

/** Query parameters in the order given; absent, null and empty values are left out. */
function queryString(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

/** POST /auth/login. Refusals carry the page's message (too many tries, or wrong name or password). */
export async function login(username: string, password: string): Promise<LoginResult> {
  const res = await fetch(API + '/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status === 429) throw new ApiError('尝试次数过多，请稍后再试。', 429);
  if (!res.ok) throw new ApiError('用户名或密码错误。', res.status);
  return (await res.json()) as LoginResult;
}

export function getMe(): Promise<Me> {
  return getJson<Me>('/auth/me');
}

/** The organisation looked at: absent or null for the caller's own. */
export type OrgScope = string | null | undefined;

export function getSummary(q: { orgId: OrgScope; withinWorkingDays: string }): Promise<SupervisionSummary> {
  return getJson<SupervisionSummary>('/supervision/summary?' + queryString(q));
}

export function getOverdueTrend(q: { orgId: OrgScope; granularity: TrendGranularity }): Promise<OverdueTrend> {
  return getJson<OverdueTrend>('/supervision/overdue-trend?' + queryString(q));
}

export type ListName = 'overdue' | 'due-soon';

export interface ListQuery {
  orgId: OrgScope;
  kind?: string;
  sort: string;
  /** due-soon only */
  withinWorkingDays?: string;
  page?: number;
  pageSize?: number;
}

export function getDeadlines(which: ListName, q: ListQuery): Promise<SupervisedDeadlinePage> {
  return getJson<SupervisedDeadlinePage>(`/supervision/${which}?${queryString({ ...q })}`);
}

export type ExportFile = `${ListName}.${'csv' | 'xlsx'}`;

/** GET /supervision/<list>.csv|.xlsx: the file as a blob, with its name and whether the API cut it at its row limit. */
export async function exportDeadlines(file: ExportFile, q: ListQuery): Promise<{ blob: Blob; name: string; truncated: boolean }> {
  const res = await call(`/supervision/${file}?${queryString({ ...q })}`);
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : file;
  const truncated = res.headers.get('X-Export-Truncated') === 'true';
  return { blob: await res.blob(), name, truncated };
}
