/**
 * Sync status shared by the header and the screens that depend on it. GET /api/sync is polled every
 * `pollMs` while a cycle runs (progress), and once a minute otherwise to pick up scheduled cycles.
 */
import { createContext } from 'preact';
import { html } from 'htm/preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { isAdmin, useApp } from '../ui/context.js';
import { useLocation } from '../router.js';
import { Progress } from '../ui/parts.js';
import { relativeTime } from '../ui/format.js';
import type { ComponentChildren } from 'preact';
import type { SyncState } from '../types.js';

export interface SyncControl {
  state: SyncState | null;
  error: Error | null;
  starting: boolean;
  start: () => Promise<void>;
  refresh: () => Promise<void>;
  /** Count of actions that changed data outside a cycle (Retry now, a relation set): screens re-read. */
  bumps: number;
  bump: () => void;
}

const SyncContext = createContext<SyncControl | null>(null);
export const useSync = () => useContext(SyncContext);

/**
 * Changes each time a cycle ends (its id and end time) or an action says the data moved (`bump`): screens
 * put it in their request keys, so every figure is re-read after a cycle or an action, never only on reload.
 */
export function useDataVersion(): string {
  const sync = useContext(SyncContext);
  const last = sync?.state?.last;
  return `${last?.id ?? ''}|${last?.finishedAt ?? ''}|${sync?.bumps ?? 0}`;
}

const IDLE_POLL_MS = 60_000;

export function SyncProvider({ children }: { children: ComponentChildren }) {
  const { api, pollMs } = useApp();
  const [state, setState] = useState<SyncState | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [starting, setStarting] = useState(false);
  const [bumps, setBumps] = useState(0);
  const bump = useCallback(() => setBumps((n) => n + 1), []);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    try {
      const s = await api.sync();
      if (!alive.current) return;
      setState(s);
      setError(null);
      timer.current = setTimeout(refresh, s.running ? pollMs : IDLE_POLL_MS);
    } catch (e) {
      if (!alive.current) return;
      setError(e as Error);
      timer.current = setTimeout(refresh, IDLE_POLL_MS);
    }
  }, [api, pollMs]);

  const start = useCallback(async () => {
    setStarting(true);
    setError(null);
    try {
      await api.syncNow();
    } catch (e) {
      setError(e as Error);
    } finally {
      setStarting(false);
    }
    await refresh();
  }, [api, refresh]);

  useEffect(() => {
    alive.current = true;
    void refresh();
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  return html`<${SyncContext.Provider} value=${{ state, error, starting, start, refresh, bumps, bump }}>${children}</${SyncContext.Provider}>`;
}

export function syncSummary(s: SyncState | null, now: Date): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  if (!s) return { text: 'Sync status loading…', tone: 'muted' };
  if (s.running && s.current) return { text: `Syncing: ${s.current.phase}`, tone: 'muted' };
  if (!s.last) return { text: 'Not synced yet', tone: 'muted' };
  const when = relativeTime(s.last.finishedAt ?? s.last.startedAt, now);
  const tone = s.last.status === 'ok' || s.last.status === 'succeeded' ? 'ok' : s.last.status === 'failed' ? 'error' : 'warn';
  return { text: `Last sync ${s.last.status}, ${when}`, tone };
}

/** Screens that show their own sync status with Sync now (Home's Sync card, Billing's summary): the header does not repeat it. */
export const SCREENS_WITH_SYNC = new Set(['/', '/billing']);

/**
 * Compact status for the header; the full card on Home adds the error text and next run. `inPage`: the
 * screen's own copy, which keeps Sync now while the header's copy drops it (no control shown twice).
 */
export function SyncStatus({ detailed = false, inPage = detailed }: { detailed?: boolean; inPage?: boolean }) {
  const sync = useSync();
  const { me } = useApp();
  const screenHasOne = SCREENS_WITH_SYNC.has(useLocation().path);
  if (!sync) return null;
  const { state, error, starting, start } = sync;
  const sum = syncSummary(state, new Date());
  const running = !!state?.running;
  return html`<div class=${`sync ${detailed ? 'sync-detailed' : ''}`}>
    ${running && state?.current
      ? html`<${Progress} label=${`Syncing: ${state.current.phase}`} done=${state.current.done} total=${state.current.total} />`
      : html`<span class=${`sync-dot dot-${sum.tone}`} aria-hidden="true"></span><span role="status" aria-live="polite">${sum.text}</span>`}
    ${detailed && state?.last?.error ? html`<p class="sync-error">${state.last.error}</p>` : null}
    ${detailed && state?.nextDueAt && !running ? html`<p class="muted">Next scheduled sync ${relativeTime(state.nextDueAt, new Date())}</p>` : null}
    ${error ? html`<span class="sync-error" role="alert">${error.message}</span>` : null}
    ${isAdmin(me) && (inPage || !screenHasOne)
      ? html`<button type="button" class="btn btn-small" onClick=${start} disabled=${running || starting} aria-busy=${running || starting}>
          ${running ? 'Sync running…' : starting ? 'Starting…' : 'Sync now'}</button>`
      : null}
  </div>`;
}
