/**
 * An in-memory tenant that speaks docs/api.md, for the screens' DOM tests, the browser tests before the
 * real routes are mounted, and the 2,000-company benchmark. The names come from the shared demo roster
 * so the screens look the way the real demo does.
 */
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../../server/demo/roster.js';

export interface FService { serviceId: string; contractServiceId: string; name: string; units: number; unitPrice: number }
export interface FContract { id: string; accountId: string; name: string; endDate: string; expired: boolean; services: FService[] }
export interface FAccount { id: string; name: string; contracts: FContract[] }
export interface FResource { odinResourceId: string; name: string; mpn: string; unit: string; count: number; link: { psaServiceId: string; psaContractServiceId: string | null; psaServiceName: string; linkedAt: string } | null }
export interface FSubscription { odinSubscriptionId: string; name: string; status: string; billingPeriod: string; link: { psaContractId: string; psaContractName: string } | null; resources: FResource[] }
export interface FCompany { odinAccountId: string; name: string; status: string; psaName: string | null; link: { psaAccountId: string; psaAccountName: string } | null; subscriptions: FSubscription[] }
export interface FAdjustment {
  id: string; date: string; effectiveDate: string; odinAccountId: string; companyName: string; odinSubscriptionId: string; subscriptionName: string;
  odinResourceId: string; resourceName: string; psaAccountId: string; psaAccountName: string; psaContractId: string; psaContractName: string;
  psaServiceId: string; psaServiceName: string; unitChange: number; estimatedAmount: number; status: 'posted' | 'failed' | 'sync_failed';
  lastError: string | null; attempts: number; nextAttemptAt: string | null;
  fromCount?: number; toCount?: number; dateReason?: string; lastErrorKind?: string | null; errorCause?: string | null;
}

export interface World {
  companies: FCompany[];
  accounts: FAccount[];
  adjustments: FAdjustment[];
  /** When set, the next PSA posts fail with this message (the PSA's own words), as a sandbox fault would. */
  failPosts: string | null;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function createWorld(companyCount = DEMO_CUSTOMERS.length, seed = 7): World {
  const rand = rng(seed);
  const companies: FCompany[] = [];
  const accounts: FAccount[] = [];
  for (let i = 0; i < companyCount; i++) {
    const base = DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length]!;
    const round = Math.floor(i / DEMO_CUSTOMERS.length);
    const name = round ? `${base.name} #${round + 1}` : base.name;
    const odinAccountId = String(1200000500 + i);
    const psaName = base.psaName ? (round ? `${base.psaName} #${round + 1}` : base.psaName) : null;
    const subs: FSubscription[] = [];
    const nSubs = 1 + Math.floor(rand() * 3);
    const contracts: FContract[] = [];
    const accountId = String(29683000 + i);
    for (let s = 0; s < nSubs; s++) {
      const p = DEMO_PRODUCTS[Math.floor(rand() * DEMO_PRODUCTS.length)]!;
      const subId = String(1000800 + i * 5 + s);
      subs.push({
        odinSubscriptionId: subId, name: `${p.name} (Monthly Pre-Paid)`, status: 'active', billingPeriod: 'Monthly', link: null,
        resources: [{ odinResourceId: String(100230 + s + i * 5), name: p.name, mpn: p.mpn, unit: p.unit, count: 1 + Math.floor(rand() * 40), link: null }],
      });
      const contractId = String(4000 + i * 5 + s);
      contracts.push({
        id: contractId, accountId, name: `${psaName ?? name} - ${2026} Cloud Services${s ? ` ${s + 1}` : ''}`, endDate: '2027-12-31', expired: false,
        services: [...new Set([...DEMO_PRODUCTS.slice(0, 5), p])].map((q, k) => ({ serviceId: String(300 + DEMO_PRODUCTS.indexOf(q)), contractServiceId: `${contractId}-${k}`, name: q.psaName, units: q === p ? 1 : 0, unitPrice: q.unitPrice })),
      });
    }
    contracts.push({ id: String(9000 + i), accountId, name: `${psaName ?? name} - 2024 Legacy`, endDate: '2024-12-31', expired: true, services: [] });
    companies.push({ odinAccountId, name, status: 'active', psaName, link: null, subscriptions: subs });
    if (psaName) accounts.push({ id: accountId, name: psaName, contracts });
  }
  accounts.sort((a, b) => a.name.localeCompare(b.name));
  return { companies, accounts, adjustments: [], failPosts: null };
}

export const findAccount = (w: World, id: string) => w.accounts.find((a) => a.id === id);
export function findContract(w: World, id: string): FContract | undefined {
  for (const a of w.accounts) for (const c of a.contracts) if (c.id === id) return c;
  return undefined;
}
export function findSub(w: World, id: string): { company: FCompany; sub: FSubscription } | undefined {
  for (const company of w.companies) for (const sub of company.subscriptions) if (sub.odinSubscriptionId === id) return { company, sub };
  return undefined;
}

export class Fail extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
