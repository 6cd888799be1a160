/**
 * Links follow a renewed contract (issue 12, item 4). A link of an annual contract otherwise fails at the
 * contract's end: every change dated after it is refused until someone remaps it by hand.
 *
 * Money rules: only rows that certainly are not in the PSA move (planned, held, or refused); a row that may
 * have landed on the old contract is settled there first (the poster does that; until then the link does not
 * move), and an unfinished row dated inside the old term blocks the move too (it still belongs to the old
 * contract and the poster would drop it once the link points elsewhere). The move of the links and of the
 * rows is one atomic batch, so a change is on exactly one contract. Callers hold the tenant's cycle lease.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Store } from '../db/store.js';
import type { AdjustmentRow } from '../db/sqlite/adjustments.js';
import { certainlyUnsent, mayHaveLanded } from '../domain/landing.js';
import type { PsaClient, PsaContract, PsaService } from '../psa/types.js';
import type { LinkedResource } from '../sync/repo.js';
import { afterEnd, findRenewal, matchServices, type ServicePair } from './match.js';

/** One ended contract with linked resources and changes dated after its end. */
export interface EndedContract {
  old: PsaContract;
  renewal: PsaContract | null;
  /** The linked services' one-to-one match on the renewal; null when not one to one (the user confirms). */
  pairs: ServicePair[] | null;
  /** Services of the renewal, for the user to choose from. */
  renewalServices: PsaService[];
  links: LinkedResource[];
  /** Unsent rows dated after the old end: they move to the renewal. */
  lateRows: AdjustmentRow[];
  /** Why the link cannot move yet, when it cannot (a row to settle or post on the old contract first). */
  blockedBy: string | null;
}

const unfinished = (r: AdjustmentRow) => r.status !== 'posted' && r.status !== 'cancelled' && r.status !== 'superseded';

/**
 * Linked contracts that ended before some of their unfinished rows, with their renewal. One contract list
 * call, then two service reads per ended contract; no PSA call when no row waits.
 */
export async function findEndedContracts(psa: PsaClient, links: readonly LinkedResource[], open: readonly AdjustmentRow[], opts: { all?: boolean } = {}): Promise<EndedContract[]> {
  const byContract = new Map<string, LinkedResource[]>();
  for (const l of links) byContract.set(l.psaContractId, [...(byContract.get(l.psaContractId) ?? []), l]);
  const waiting = open.filter((r) => unfinished(r) && byContract.has(r.psaContractId));
  if (!waiting.length && !opts.all) return [];
  const contracts = await psa.listContracts();
  const out: EndedContract[] = [];
  for (const [contractId, mine] of byContract) {
    const old = contracts.find((c) => c.id === contractId);
    if (!old?.endDate) continue;
    const keys = new Set(mine.map((l) => `${l.odinSubscriptionId}|${l.odinResourceId}`));
    const rows = waiting.filter((r) => r.psaContractId === contractId && keys.has(`${r.odinSubscriptionId}|${r.odinResourceId}`));
    const lateRows = rows.filter((r) => afterEnd(old, r.effectiveDate) && certainlyUnsent(r));
    if (!lateRows.length && !(opts.all && old.expired)) continue;
    const landed = rows.find(mayHaveLanded);
    const inTerm = rows.find((r) => !afterEnd(old, r.effectiveDate));
    const blockedBy = landed
      ? `A change dated ${landed.effectiveDate} may have reached the old contract; it is settled there first.`
      : inTerm ? `A change dated ${inTerm.effectiveDate} still posts to the old contract first.` : null;
    const renewal = findRenewal(old, contracts);
    let pairs: ServicePair[] | null = null;
    let renewalServices: PsaService[] = [];
    if (renewal) {
      const oldServices = (await psa.listServices({ contractIds: [old.id], asOf: old.endDate })).filter((s) => mine.some((l) => sameService(l, s)));
      renewalServices = await psa.listServices({ contractIds: [renewal.id], asOf: renewal.startDate ?? undefined });
      pairs = matchServices(oldServices, renewalServices);
    }
    out.push({ old, renewal, pairs, renewalServices, links: mine, lateRows, blockedBy });
  }
  return out;
}

export const sameService = (l: Pick<LinkedResource, 'psaServiceId' | 'psaContractServiceId'>, s: PsaService) =>
  s.serviceId === l.psaServiceId && (l.psaContractServiceId == null || s.contractServiceId == null || s.contractServiceId === l.psaContractServiceId);

/**
 * Move the contract's links and its late rows to the renewal, in one batch. `pairs` must cover every linked
 * service (a link without a pair would be left on the ended contract).
 */
export async function followRenewal(store: Store, tenantId: string, ended: EndedContract, renewal: PsaContract, pairs: ServicePair[], now: Date): Promise<number> {
  const moves = ended.links.map((l) => ({ link: l, to: pairs.find((p) => sameService(l, p.from))?.to }));
  const missing = moves.find((m) => !m.to);
  if (missing) throw new Error(`No service of the renewal is chosen for ${missing.link.psaServiceId}`);
  const t = store.t;
  const at = now.toISOString();
  const subs = [...new Set(ended.links.map((l) => l.odinSubscriptionId))];
  await store.atomic((db) => [
    db.update(t.subscriptionLinks).set({ psaContractId: renewal.id, psaContractName: renewal.name })
      .where(and(eq(t.subscriptionLinks.tenantId, tenantId), eq(t.subscriptionLinks.psaContractId, ended.old.id), inArray(t.subscriptionLinks.odinSubscriptionId, subs))),
    ...moves.map(({ link, to }) =>
      db.update(t.resourceLinks)
        // The renewal carries the old units from its start: that is what the PSA holds there now.
        .set({ psaServiceId: to!.serviceId, psaContractServiceId: to!.contractServiceId, psaServiceName: to!.name, ledgerUnits: to!.units ?? link.ledgerUnits })
        .where(and(eq(t.resourceLinks.tenantId, tenantId), eq(t.resourceLinks.odinSubscriptionId, link.odinSubscriptionId), eq(t.resourceLinks.odinResourceId, link.odinResourceId))),
    ),
    ...ended.lateRows.map((r) => {
      const to = moves.find((m) => m.link.odinSubscriptionId === r.odinSubscriptionId && m.link.odinResourceId === r.odinResourceId)!.to!;
      return db.update(t.adjustments)
        .set({ psaContractId: renewal.id, psaServiceId: to.serviceId, psaContractServiceId: to.contractServiceId, status: r.status === 'held' ? 'held' : 'planned', unitsBefore: null, nextAttemptAt: null, updatedAt: at })
        .where(and(eq(t.adjustments.id, r.id), eq(t.adjustments.status, r.status)));
    }),
  ]);
  return moves.length;
}
