/**
 * What the renewals API reads and does, outside a sync cycle: the ended contracts of a tenant's links with
 * their renewal and proposed service pairs (GET /api/renewals), and the user's confirmation of one
 * (POST /api/renewals/confirm). The confirmation takes the tenant's cycle lease, so no post runs meanwhile.
 */
import type { SyncDeps } from '../sync/deps.js';
import { optionsOf } from '../sync/deps.js';
import { cycleLeaseName, HeldLease, holderId } from '../sync/lease.js';
import { loadLinkedResources, loadOpenRows, loadTenant } from '../sync/repo.js';
import { todayInOrUtc } from '../domain/dates.js';
import { psaClientFor } from '../sync/psa-client.js';
import { findEndedContracts, followRenewal, sameService, type EndedContract } from './follow.js';
import type { ServicePair } from './match.js';

async function ended(deps: SyncDeps, tenantId: string): Promise<EndedContract[]> {
  const tenant = await loadTenant(deps.store, tenantId);
  if (!tenant) return [];
  const links = await loadLinkedResources(deps.store, tenantId, tenant.psaKind);
  if (!links.length) return [];
  const { today } = todayInOrUtc(tenant.timeZone, deps.clock.now());
  const open = await loadOpenRows(deps.store, tenantId, today);
  return findEndedContracts(await psaClientFor(deps, tenant), links, open, { all: true });
}

/** Ended contracts of linked resources that did not follow a renewal by themselves. */
export async function pendingRenewals(deps: SyncDeps, tenantId: string) {
  return (await ended(deps, tenantId)).map((e) => ({
    contract: { id: e.old.id, name: e.old.name, endDate: e.old.endDate },
    renewal: e.renewal ? { id: e.renewal.id, name: e.renewal.name, startDate: e.renewal.startDate, endDate: e.renewal.endDate } : null,
    matchesOneToOne: e.pairs !== null,
    blockedBy: e.blockedBy,
    changesAfterEnd: e.lateRows.length,
    resources: e.links.map((l) => ({
      odinSubscriptionId: l.odinSubscriptionId, odinResourceId: l.odinResourceId, resourceName: l.resourceName, psaServiceId: l.psaServiceId,
      proposed: e.pairs?.find((p) => sameService(l, p.from))?.to ?? null,
    })),
    renewalServices: e.renewalServices,
  }));
}

export type ConfirmResult = { ok: true; followed: number } | { ok: false; status: 404 | 409 | 422; message: string };

/** The user's choice: the renewal of `contractId`, and for each linked service the renewal's service. */
export async function confirmRenewal(deps: SyncDeps, tenantId: string, choice: { contractId: string; renewalContractId: string; services: { fromServiceId: string; toServiceId: string; toContractServiceId?: string | null }[] }): Promise<ConfirmResult> {
  const lease = await HeldLease.take(deps.store, cycleLeaseName(tenantId), holderId('renewal', deps.process), optionsOf(deps).leaseTtlMs, () => deps.clock.now(), deps.process);
  if (!lease) return { ok: false, status: 409, message: 'A sync cycle is running; confirm the renewal when it has finished.' };
  try {
    const e = (await ended(deps, tenantId)).find((x) => x.old.id === choice.contractId);
    if (!e) return { ok: false, status: 404, message: `No ended contract ${choice.contractId} with linked resources` };
    if (e.blockedBy) return { ok: false, status: 409, message: e.blockedBy };
    const tenant = (await loadTenant(deps.store, tenantId))!;
    const psa = await psaClientFor(deps, tenant);
    const renewal = (await psa.listContracts({ accountId: e.old.accountId })).find((c) => c.id === choice.renewalContractId && !c.cancelled);
    if (!renewal || renewal.id === e.old.id) return { ok: false, status: 422, message: `Contract ${choice.renewalContractId} is not an active contract of the same account` };
    const services = renewal.id === e.renewal?.id ? e.renewalServices : await psa.listServices({ contractIds: [renewal.id], asOf: renewal.startDate ?? undefined });
    const pairs: ServicePair[] = [];
    for (const l of e.links) {
      const pick = choice.services.find((s) => s.fromServiceId === l.psaServiceId);
      const to = pick && services.find((s) => s.serviceId === pick.toServiceId && (pick.toContractServiceId == null || s.contractServiceId === pick.toContractServiceId));
      if (!to) return { ok: false, status: 422, message: `Choose a service of the renewal for service ${l.psaServiceId}` };
      pairs.push({ from: { ...to, serviceId: l.psaServiceId, contractServiceId: l.psaContractServiceId, contractId: e.old.id }, to });
    }
    await lease.check();
    return { ok: true, followed: await followRenewal(deps.store, tenantId, e, renewal, pairs, deps.clock.now()) };
  } finally {
    await lease.release().catch(() => undefined);
  }
}
