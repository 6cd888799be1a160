/**
 * A tiny history-API router. The URL is the state of record (report filters, sort and page live in the
 * query string) so any screen can be shared as a link and survives a reload or a login.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  query: URLSearchParams;
}

/** The parts of `window` the router needs; tests pass a fake. */
export interface HistoryLike {
  location: { pathname: string; search: string };
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'popstate', fn: () => void): void;
  removeEventListener(type: 'popstate', fn: () => void): void;
}

export class Router {
  private listeners = new Set<() => void>();
  constructor(private readonly win: HistoryLike) {
    win.addEventListener('popstate', () => this.emit());
  }
  get current(): Location {
    return { path: this.win.location.pathname, query: new URLSearchParams(this.win.location.search) };
  }
  get href(): string {
    return this.win.location.pathname + this.win.location.search;
  }
  navigate(to: string, opts: { replace?: boolean } = {}): void {
    if (to === this.href) return;
    if (opts.replace) this.win.history.replaceState(null, '', to);
    else this.win.history.pushState(null, '', to);
    this.emit();
  }
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private emit() {
    for (const fn of this.listeners) fn();
  }
}

export const RouterContext = createContext<Router | null>(null);

export function useRouter(): Router {
  const r = useContext(RouterContext);
  if (!r) throw new Error('RouterContext missing');
  return r;
}

/** Re-renders the caller whenever the URL changes. */
export function useLocation(): Location {
  const router = useRouter();
  const [, setTick] = useState(0);
  useEffect(() => router.subscribe(() => setTick((t) => t + 1)), [router]);
  return router.current;
}

/** A click on an in-app link navigates without a reload; modified clicks keep the browser's behaviour. */
export function onLinkClick(router: Router, e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
  e.preventDefault();
  router.navigate(href);
}

/** Only same-site paths may be a post-login destination (no open redirect to another origin). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}
