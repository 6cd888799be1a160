/**
 * The soak's verdict, once the faults are off and every tenant drained: what each PSA holds against what
 * the product believes.
 *  - duplicates: adjustments the PSA accepted that no posted row accounts for (a change posted twice);
 *  - lost: posted rows the PSA never accepted (a change we believe billed that is not);
 *  - drifted: linked resources whose PSA units (read through the real client, after every dated change)
 *    differ from the Marketplace count;
 *  - in flight: rows still posting, unknown or failed.
 * Adjustments are compared per PSA service as multisets of "effective date : unit change".
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
    if (ten.cw) for (const a of ten.cw.controls.createdAdditions()) push(theirs, `${a.agreementId}|${a.productId}`, `${a.effectiveDate?.slice(0, 10)}:${a.quantity}`);
    out.posted += [...ours.values()].reduce((s, l) => s + l.length, 0);
    out.accepted += [...theirs.values()].reduce((s, l) => s + l.length, 0);
    for (const k of new Set([...ours.keys(), ...theirs.keys()])) {
      const { onlyA: extraPsa, onlyB: extraOurs } = diff(theirs.get(k) ?? [], ours.get(k) ?? []);
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
