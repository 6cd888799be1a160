/**
 * The one status pill (issue 13 §8): every screen that shows a status (logs, Subscriptions, Unlinked, the
 * next cycle preview, the pod, Billing's rows, Manage Relations) shows it through StatusPill, in words and
 * a tone, never as the raw code the API sends.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';

export type Tone = 'ok' | 'warn' | 'error' | 'muted' | 'info';

const STATUS: Record<string, [string, Tone]> = {
  posted: ['Posted', 'ok'],
  planned: ['Planned', 'info'],
  posting: ['Sending', 'warn'],
  unknown: ['Checking', 'warn'],
  failed: ['Failed', 'error'],
  superseded: ['Superseded', 'muted'],
  cancelled: ['Cancelled', 'muted'],
  held: ['Held', 'warn'],
  dismissed: ['Dismissed', 'muted'],
  // A whole sync that could not run (server/reports/failure-log.ts), not one adjustment.
  sync_failed: ['Sync failed', 'error'],
  // Marketplace statuses (companies, subscriptions), in the billing policy's terms.
  active: ['Active', 'ok'],
  hold: ['On hold', 'warn'],
  pending: ['Pending', 'warn'],
  terminated: ['Terminated', 'muted'],
  removed: ['Removed', 'muted'],
  // What the next cycle does with a row (GET /api/preview `outcome`).
  post: ['Posts', 'info'],
  retry: ['Retries', 'warn'],
  settle: ['Checks the PSA first', 'warn'],
  waits: ['Waits', 'muted'],
  reconcile: ['Reconciles', 'info'],
  // A relation's state (Manage Relations).
  linked: ['Linked', 'ok'],
  proposed: ['Suggested', 'info'],
  unlinked: ['Not linked', 'muted'],
};

/** "in_review" -> "In review": a status we do not know yet still reads as words. */
const words = (s: string) => {
  const t = s.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return t ? t[0]!.toUpperCase() + t.slice(1) : s;
};

export function statusPill(status: unknown): { label: string; tone: Tone } {
  const s = String(status ?? '');
  const known = STATUS[s.toLowerCase()];
  return known ? { label: known[0], tone: known[1] } : { label: words(s), tone: 'muted' };
}

/** A pill with its own words (the pod's "+3 to post"): same look as a status. */
export function Pill({ tone, label }: { tone: Tone; label: string }): VNode {
  return html`<span class=${`badge badge-${tone} pill`}>${label}</span>`;
}

export function StatusPill({ status }: { status: unknown }): VNode | null {
  if (status === null || status === undefined || status === '') return null;
  const p = statusPill(status);
  return html`<${Pill} tone=${p.tone} label=${p.label} />`;
}

/** Columns whose value is a status: shown as a pill in every table. */
export const STATUS_KEYS = new Set(['status', 'subscriptionStatus', 'outcome', 'state']);
