/**
 * The soak's verdict, once the faults are off and every tenant drained: what each PSA holds against what
 * the product believes.
 *  - duplicates: adjustments the PSA accepted that no posted row accounts for (a change posted twice);
 *  - lost: posted rows the PSA never accepted (a change we believe billed that is not);
 *  - drifted: linked resources whose PSA units (read through the real client, after every dated change)
 *    differ from the Marketplace count;
 *  - in flight: rows still posting, unknown or failed.
 * Autotask adjustments are compared per PSA service as multisets of "effective date : unit change".
 * ConnectWise may post a change by replacing the addition (end the old one, add one at the new total), so
 * there the PSA's own additions are read as a timeline: the step in billed units on each day must equal the
 * posted rows' changes of that day (a step too high is a change billed twice, too low one never billed).
 */
import type { Store } from '../../server/db/store.js';
import { psaClientFor } from '../../server/sync/psa-client.js';
import { loadLinkedResources, loadTenant } from '../../server/sync/repo.js';
import { worldDeps } from '../../tests/integration/sync/world.js';
import type { SoakTenant } from './tenants.js';

export interface Verdict { posted: number; accepted: number; duplicates: string[]; lost: string[]; drifted: string[]; inFlight: string[] }

export async function verdict(store: Store, tenants: SoakTenant[], far: string): Promise<Verdict> {
  const out: Verdict = { posted: 0, accepted: 0, duplicates: [], lost: [], drifted: [], inFlight: [] };
  const rows = await store.db.select().from(store.t.adjustments);
  const deps = worldDeps(store);
  for (const ten of tenants) {
    const mine = rows.filter((r) => r.tenantId === ten.id);
    const key = (contract: string, service: string, cs: string | null) => (ten.psa === 'autotask' ? `cs ${cs}` : `${contract}|${service}`);
    const ours = new Map<string, string[]>();
    for (const r of mine.filter((x) => x.status === 'posted')) push(ours, key(r.psaContractId, r.psaServiceId, r.psaContractServiceId), `${r.effectiveDate}:${r.unitChange}`);
    const theirs = new Map<string, string[]>();
    if (ten.at) for (const a of ten.at.controls.adjustments()) push(theirs, `cs ${a.contractServiceID}`, `${a.effectiveDate.slice(0, 10)}:${a.unitChange}`);
    if (ten.cw) {
      // Every service the product ever wrote a row for, posted or not: a step there without a posted row is a duplicate.
      const touched = new Map<string, string[]>();
      for (const r of mine) push(touched, key(r.psaContractId, r.psaServiceId, r.psaContractServiceId), `${r.effectiveDate}:${r.unitChange}`);
      for (const [k, steps] of cwSteps(ten.cw.state.additions.values(), touched)) theirs.set(k, steps);
    }
    out.posted += [...ours.values()].reduce((s, l) => s + l.length, 0);
    out.accepted += [...theirs.values()].reduce((s, l) => s + l.length, 0);
    for (const k of new Set([...ours.keys(), ...theirs.keys()])) {
      const mineK = ours.get(k) ?? [];
      const { onlyA: extraPsa, onlyB: extraOurs } = diff(theirs.get(k) ?? [], ten.cw ? sumByDay(mineK) : mineK);
      for (const x of extraPsa) out.duplicates.push(`${ten.id} ${k}: the PSA holds ${x} that no posted row accounts for`);
      for (const x of extraOurs) out.lost.push(`${ten.id} ${k}: posted row ${x} the PSA never accepted`);
    }
    for (const r of mine.filter((x) => x.status === 'posting' || x.status === 'unknown' || x.status === 'failed' || x.status === 'planned')) {
      out.inFlight.push(`${ten.id} ${r.psaContractId}|${r.psaServiceId} ${r.effectiveDate} ${r.unitChange} ${r.status}: ${r.lastError ?? ''}`);
    }
    const tenant = (await loadTenant(store, ten.id))!;
    const psa = await psaClientFor(deps, tenant);
    for (const l of await loadLinkedResources(store, ten.id, tenant.psaKind)) {
      const units = await psa.readUnits({ accountId: l.psaAccountId, contractId: l.psaContractId, serviceId: l.psaServiceId, contractServiceId: l.psaContractServiceId }, far);
      if (units !== (l.count ?? 0)) out.drifted.push(`${ten.id} resource ${l.odinResourceId}: Marketplace ${l.count}, PSA ${units} on ${far}`);
    }
  }
  return out;
}

interface CwLine { agreementId?: number | null; product?: { id?: number | null } | null; quantity?: number | null; effectiveDate?: string; cancelledDate?: string }

const day = (v: string | undefined) => (v ? v.slice(0, 10) : null);
const before = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Per agreement|product, the day-to-day steps of billed units from the sandbox's own additions (active from
 * effectiveDate through cancelledDate), as "date : step" for every day from the product's first row on where
 * the units change. `rows` gives the services and the first day the product wrote a row for.
 */
export function cwSteps(additions: Iterable<CwLine>, rows: Map<string, string[]>): Map<string, string[]> {
  const lines = [...additions];
  const out = new Map<string, string[]>();
  for (const [k, posted] of rows) {
    const [agreement, product] = k.split('|').map(Number);
    const mine = lines.filter((a) => a.agreementId === agreement && a.product?.id === product);
    const unitsOn = (d: string) => mine.reduce((n, a) => {
      const from = day(a.effectiveDate) ?? '0000-01-01';
      const to = day(a.cancelledDate);
      return from <= d && (to === null || to >= d) ? n + (a.quantity ?? 0) : n;
    }, 0);
    const since = posted.map((x) => x.split(':')[0]!).sort()[0]!;
    const days = new Set(posted.map((x) => x.split(':')[0]!));
    for (const a of mine) {
      const from = day(a.effectiveDate);
      const to = day(a.cancelledDate);
      if (from && from >= since) days.add(from);
      if (to && to >= before(since)) days.add(new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    }
    const steps: string[] = [];
    for (const d of [...days].sort()) {
      const step = unitsOn(d) - unitsOn(before(d));
      if (step !== 0) steps.push(`${d}:${step}`);
    }
    out.set(k, steps);
  }
  return out;
}

/** Posted rows of one service and day add up to that day's step (a same-day change may post as two rows). */
export function sumByDay(list: string[]): string[] {
  const by = new Map<string, number>();
  for (const x of list) {
    const [d, n] = x.split(':');
    by.set(d!, (by.get(d!) ?? 0) + Number(n));
  }
  return [...by].filter(([, n]) => n !== 0).map(([d, n]) => `${d}:${n}`);
}

function push(m: Map<string, string[]>, k: string, v: string) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Multiset difference both ways. */
function diff(a: string[], b: string[]): { onlyA: string[]; onlyB: string[] } {
  const left = [...b];
  const onlyA: string[] = [];
  for (const x of a) {
    const i = left.indexOf(x);
    if (i >= 0) left.splice(i, 1);
    else onlyA.push(x);
  }
  return { onlyA, onlyB: left };
}
