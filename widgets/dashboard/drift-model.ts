/**
 * The words of the "PSA differences" panel, pure so the DOM tests and the browser test read the same
 * sentences. A fix reconciles the resource (server/sync/drift.ts `fixDrift`): it posts what the PSA
 * lacks to show the Marketplace count, so the confirmation states that number before anything is posted.
 */
import { formatNumber } from '../ui/format.js';
import type { DriftItem, Reconciliation } from '../types.js';

export type Tone = 'ok' | 'warn' | 'error';

/** "+3", "-2", "0": the sign is the point of an adjustment, so it is always shown. */
export const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `-${formatNumber(-n)}` : '0');

/** The units a fix posts: what the PSA lacks to show the Marketplace count. */
export const toPost = (d: DriftItem) => d.marketplaceCount - d.psaUnits;

/** The resource as the user knows it; the ids stand in while the Marketplace name is unknown. */
export const resourceLabel = (d: DriftItem) => d.resourceName ?? `Resource ${d.odinResourceId}`;

/** Who changed the PSA line (a foreign edit), as the PSA names them; null when the finding says nothing of it. */
export function changedByLabel(d: DriftItem): string | null {
  if (!d.change) return null;
  return d.changedBy ?? 'Not recorded by the PSA';
}

export function confirmFixMessage(d: DriftItem): string {
  const n = toPost(d);
  const mp = formatNumber(d.marketplaceCount);
  if (n === 0)
    return `${resourceLabel(d)}: the PSA already shows ${mp}, as the Marketplace does. Nothing is posted; IDSync records that the two match again.`;
  return `${resourceLabel(d)}: post ${signed(n)} to make the PSA show ${mp}, as the Marketplace does (it shows ${formatNumber(d.psaUnits)} now).`;
}

export const confirmFixLabel = (d: DriftItem) => (toPost(d) === 0 ? 'Mark as matching' : `Post ${signed(toPost(d))}`);

/** What the fix did, in the tone of the panel's live region. */
export function describeFix(d: DriftItem, r: Reconciliation): { tone: Tone; text: string } {
  const name = resourceLabel(d);
  const mp = formatNumber(d.marketplaceCount);
  switch (r.status) {
    case 'posted':
      return { tone: 'ok', text: `${name} fixed: posted ${signed(r.unitChange)} to the PSA, which now shows ${mp}, as the Marketplace does.` };
    case 'none':
      return { tone: 'ok', text: `${name} fixed: the PSA already shows ${mp}, as the Marketplace does; nothing was posted.` };
    case 'planned':
      return { tone: 'warn', text: `${name} not fixed yet: ${r.message ?? 'the next sync posts the difference'}.` };
    case 'unknown':
      return { tone: 'warn', text: `${name} not fixed yet: ${r.message ?? `the PSA did not confirm the ${signed(r.unitChange)} adjustment`}. IDSync checks the PSA before posting again.` };
    case 'failed':
      return { tone: 'error', text: `${name} not fixed: ${r.message ?? 'the PSA refused the adjustment'}.${r.unitChange ? ` The ${signed(r.unitChange)} adjustment is retried automatically; see the Failure log.` : ''}` };
    case 'held':
      return { tone: 'warn', text: `${name} not fixed yet: the ${signed(r.unitChange)} adjustment waits for review in the Review queue.` };
  }
}

/** The sync card's one line about differences, for everyone (viewers too). */
export function driftSummary(items: DriftItem[] | null): string {
  if (!items) return 'PSA differences: loading…';
  if (items.length === 0) return 'PSA differences: none found.';
  return `PSA differences: ${formatNumber(items.length)} found, see below.`;
}

/** Equal lists mean a check has not (yet) changed anything; a new or updated finding changes this. */
export const listSignature = (items: DriftItem[]) =>
  items.map((d) => `${d.id}:${d.ledgerUnits}:${d.psaUnits}:${d.marketplaceCount}`).join('|');
