/**
 * The list half of change detection. A full scan reads the whole subscription list. A steady cycle reads
 * only (1) the subscriptions created since the checkpoint (`creationDateFrom`, newest first, read until the
 * first older one, so a server that ignores the filter costs one page, not the list) and (2) a rotating slice
 * of the list (detect.ts SWEEP_PAGES_PER_CYCLE), which is how changes made without an order are found.
 * Orders (snapshot-orders.ts) point at the rest.
 */
import type { MarketplaceClient, PageOf } from './client.js';
import type { ApiSubscription } from './api-types.js';
import { newSubscriptionsFrom, readListItem, sweepStart, type ListedSubscription, type ScanMode, type SweepState } from './detect.js';
import type { ScanIssue } from './resources.js';

export interface Listing {
  listed: Map<string, ListedSubscription>;
  /** Where the slice stands after this cycle (a full scan starts it again from the top). */
  sweep: SweepState;
}

export async function listSubscriptions(
  client: MarketplaceClient,
  opts: { mode: ScanMode; checkpoint: string | null; sweep: SweepState | null; sweepPages: number; note: (issue: ScanIssue) => void },
): Promise<Listing> {
  const listed = new Map<string, ListedSubscription>();
  const take = (items: ApiSubscription[]) => {
    for (const raw of items) {
      const r = readListItem(raw);
      if ('problem' in r) {
        opts.note({ objectKind: 'subscription', objectId: idOf(raw), message: `${r.problem}; skipped` });
        continue;
      }
      if (listed.has(r.ok.id)) {
        // The slice may meet a row the new-subscriptions read already had: only a full scan's repeat is news.
        if (opts.mode === 'full') opts.note({ objectKind: 'subscription', objectId: r.ok.id, message: `subscription ${r.ok.id} is listed twice; the first listing is used` });
        continue;
      }
      listed.set(r.ok.id, r.ok);
    }
  };

  if (opts.mode === 'full' || !opts.checkpoint) {
    let total = 0;
    for await (const page of client.subscriptionPages()) {
      take(page.items);
      total = page.total;
    }
    return { listed, sweep: { offset: 0, total } };
  }

  const from = newSubscriptionsFrom(opts.checkpoint);
  newest: for await (const page of client.subscriptionPages({ creationDateFrom: from })) {
    for (const raw of page.items) {
      const created = (raw as { creationDate?: unknown } | null)?.creationDate;
      if (typeof created === 'string' && created.slice(0, 10) < from) break newest;
      take([raw]);
    }
  }

  const prev = opts.sweep;
  const planned = sweepStart(prev, prev?.total ?? 0);
  let last: PageOf<ApiSubscription> | null = null;
  let pagesRead = 0;
  for await (const page of client.subscriptionPages({}, planned)) {
    take(page.items);
    last = page;
    if (pagesRead === 0) {
      // The list lost rows since the last cycle: rows below them moved up past the slice's start; re-cover them.
      const start = sweepStart(prev, page.total);
      if (start < planned) {
        for await (const gap of client.subscriptionPages({}, start)) {
          take(gap.items);
          if (gap.items.length === 0 || gap.offset + gap.items.length >= planned) break;
        }
      }
    }
    if (++pagesRead >= opts.sweepPages) break;
  }
  const total = last?.total ?? 0;
  const next = last ? last.offset + last.items.length : 0;
  return { listed, sweep: { offset: last && last.items.length > 0 && next < total ? next : 0, total } };
}

function idOf(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
