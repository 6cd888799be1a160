/**
 * Manage Relations: set or clear many relations in one request. Every item is checked and applied on its
 * own; a bad item is reported next to the others, which still apply. Clears run first, then sets from
 * the top level down, so one request can link a company, its subscription and its resources.
 * Results come back in request order: the `set` items, then the `clear` items.
 */
import { HttpError } from '../http/errors.js';
import { describeZodError } from '../http/validate.js';
import type { Store } from '../db/store.js';
import type { Reconciliation } from './reconcile.js';
import { clearResourceLink, setResourceLink } from './resource.js';
import { clearItem, setItem, type ClearItem, type SetItem } from './schemas.js';
import { clearCompanyLink, clearSubscriptionLink, setCompanyLink, setSubscriptionLink, type MappingActor } from './write.js';

export interface BulkItemResult {
  ok: boolean;
  level: string;
  ids: Record<string, string>;
  /** HTTP status the same item would get on its own route, and why it failed. */
  status?: number;
  error?: string;
  reconciliation?: Reconciliation;
}

export interface BulkOutcome {
  results: BulkItemResult[];
  /** Relations that changed (an item that was already so counts 0). */
  changed: number;
}

const LEVEL_RANK: Record<string, number> = { company: 0, subscription: 1, resource: 2 };
const ID_FIELDS = ['odinAccountId', 'odinSubscriptionId', 'odinResourceId'] as const;

export async function applyBulk(
  store: Store,
  actor: MappingActor,
  raw: { set: unknown[]; clear: unknown[] },
  afterResourceSet: (odinSubscriptionId: string, odinResourceId: string) => Promise<Reconciliation>,
): Promise<BulkOutcome> {
  const results: BulkItemResult[] = [...raw.set, ...raw.clear].map((item) => ({ ok: false, level: levelOf(item), ids: idsOf(item) }));
  let changed = 0;
  const run = async (index: number, fn: () => Promise<boolean>) => {
    const r = results[index]!;
    try {
      if (await fn()) changed++;
      r.ok = true;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      r.status = err.status;
      r.error = err.message;
    }
  };

  const clears: { index: number; item: ClearItem }[] = [];
  raw.clear.forEach((item, i) => {
    const parsed = clearItem.safeParse(item);
    if (parsed.success) clears.push({ index: raw.set.length + i, item: parsed.data });
    else Object.assign(results[raw.set.length + i]!, { status: 422, error: describeZodError(parsed.error) });
  });
  const sets: { index: number; item: SetItem }[] = [];
  raw.set.forEach((item, i) => {
    const parsed = setItem.safeParse(item);
    if (parsed.success) sets.push({ index: i, item: parsed.data });
    else Object.assign(results[i]!, { status: 422, error: describeZodError(parsed.error) });
  });

  for (const { index, item } of clears) {
    await run(index, () => {
      if (item.level === 'company') return clearCompanyLink(store, actor, item.odinAccountId);
      if (item.level === 'subscription') return clearSubscriptionLink(store, actor, item.odinSubscriptionId);
      return clearResourceLink(store, actor, item.odinSubscriptionId, item.odinResourceId);
    });
  }
  sets.sort((a, b) => LEVEL_RANK[a.item.level]! - LEVEL_RANK[b.item.level]! || a.index - b.index);
  for (const { index, item } of sets) {
    await run(index, async () => {
      if (item.level === 'company') {
        const { level: _l, odinAccountId, ...input } = item;
        return (await setCompanyLink(store, actor, odinAccountId, input)).changed;
      }
      if (item.level === 'subscription') {
        const { level: _l, odinSubscriptionId, ...input } = item;
        return (await setSubscriptionLink(store, actor, odinSubscriptionId, input)).changed;
      }
      const { level: _l, odinSubscriptionId, odinResourceId, ...input } = item;
      const out = await setResourceLink(store, actor, odinSubscriptionId, odinResourceId, input);
      if (out.retargeted) results[index]!.reconciliation = await afterResourceSet(odinSubscriptionId, odinResourceId);
      return out.changed;
    });
  }
  return { results, changed };
}

function levelOf(item: unknown): string {
  const level = (item as { level?: unknown } | null)?.level;
  return typeof level === 'string' ? level.slice(0, 20) : 'unknown';
}

function idsOf(item: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!item || typeof item !== 'object') return out;
  for (const k of ID_FIELDS) {
    const v = (item as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v.slice(0, 64);
  }
  return out;
}
