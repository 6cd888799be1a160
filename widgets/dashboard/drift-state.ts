/**
 * State of the "PSA differences" panel: the open findings (GET /api/drift), Check now and Fix.
 * POST /api/drift/check answers 202 and reads the PSA afterwards, and no run status reports its end
 * (GET /api/sync leaves drift runs out), so Check now re-reads the list every `pollMs` until it has
 * changed and then held still for one poll, or until CHECK_POLLS reads found nothing new.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../ui/context.js';
import { plural } from '../ui/format.js';
import { describeFix, listSignature, resourceLabel, type Tone } from './drift-model.js';
import type { DriftItem } from '../types.js';

export const CHECK_POLLS = 10;

export interface Note {
  tone: Tone;
  text: string;
}

export interface DriftControl {
  items: DriftItem[] | null;
  loadError: Error | null;
  checking: boolean;
  checkNote: Note | null;
  check: () => Promise<void>;
  fixingId: string | null;
  fixNote: Note | null;
  fix: (d: DriftItem) => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `onFixed` runs after every fix attempt, so Home's headline numbers count the posted adjustment. */
export function useDrift(onFixed?: () => void): DriftControl {
  const { api, pollMs } = useApp();
  const [items, setItems] = useState<DriftItem[] | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkNote, setCheckNote] = useState<Note | null>(null);
  const [fixingId, setFixingId] = useState<string | null>(null);
  const [fixNote, setFixNote] = useState<Note | null>(null);
  const alive = useRef(true);
  const current = useRef<DriftItem[] | null>(null);

  const load = useCallback(async (): Promise<DriftItem[] | null> => {
    try {
      const { items: list } = await api.drift();
      if (alive.current) {
        current.current = list;
        setItems(list);
        setLoadError(null);
      }
      return list;
    } catch (e) {
      if (alive.current) setLoadError(e as Error);
      return null;
    }
  }, [api]);

  useEffect(() => {
    alive.current = true;
    void load();
    return () => {
      alive.current = false;
    };
  }, [load]);

  const check = useCallback(async () => {
    setChecking(true);
    setCheckNote(null);
    try {
      await api.checkDrift();
      const before = listSignature(current.current ?? []);
      let previous = before;
      let changed = false;
      let list: DriftItem[] | null = current.current;
      for (let i = 0; i < CHECK_POLLS && alive.current; i++) {
        await sleep(pollMs);
        const read = await load();
        if (!read) continue;
        list = read;
        const sig = listSignature(read);
        if (changed && sig === previous) break;
        if (sig !== before) changed = true;
        previous = sig;
      }
      if (!alive.current) return;
      const open = list?.length ?? 0;
      setCheckNote(
        changed
          ? { tone: open ? 'warn' : 'ok', text: open ? `PSA checked: ${plural(open, 'difference')} found.` : 'PSA checked: the PSA matches our records again.' }
          : { tone: 'ok', text: `PSA checked: nothing new found${open ? `; ${plural(open, 'difference')} still open` : ''}.` },
      );
    } catch (e) {
      if (alive.current) setCheckNote({ tone: 'error', text: `The check could not start: ${(e as Error).message}` });
    } finally {
      if (alive.current) setChecking(false);
    }
  }, [api, load, pollMs]);

  const fix = useCallback(
    async (d: DriftItem) => {
      setFixingId(d.id);
      setFixNote(null);
      setCheckNote(null);
      try {
        const { reconciliation } = await api.fixDrift(d.id);
        if (alive.current) setFixNote(describeFix(d, reconciliation));
      } catch (e) {
        if (alive.current) setFixNote({ tone: 'error', text: `${resourceLabel(d)} not fixed: ${(e as Error).message}` });
      } finally {
        if (alive.current) setFixingId(null);
      }
      await load();
      if (alive.current) onFixed?.();
    },
    [api, load, onFixed],
  );

  return { items, loadError, checking, checkNote, check, fixingId, fixNote, fix };
}
