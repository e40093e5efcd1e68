/**
 * A small history router under /app (no dependency): /app (my work), /app/cases/new, /app/cases/<id or number>,
 * /app/papers/<id>. The API answers index.html for every /app path, so a reload or a shared link opens the same page.
 */
import { useEffect, useState } from 'react';

export const BASE = '/app';

export type Route =
  { page: 'work' } | { page: 'register' } | { page: 'case'; id: string } | { page: 'paper'; id: string } | { page: 'unknown' };

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts.length === 0) return { page: 'work' };
  if (parts[0] === 'cases' && parts[1] === 'new' && parts.length === 2) return { page: 'register' };
  if (parts[0] === 'cases' && parts.length === 2) return { page: 'case', id: parts[1] };
  if (parts[0] === 'papers' && parts.length === 2) return { page: 'paper', id: parts[1] };
  return { page: 'unknown' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'work':
      return `${BASE}/`;
    case 'register':
      return `${BASE}/cases/new`;
    case 'case':
      return `${BASE}/cases/${encodeURIComponent(route.id)}`;
    case 'paper':
      return `${BASE}/papers/${encodeURIComponent(route.id)}`;
    default:
      return `${BASE}/`;
  }
}

const listeners = new Set<() => void>();

export function navigate(route: Route): void {
  window.history.pushState(null, '', href(route));
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
