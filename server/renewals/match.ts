/**
 * Which contract renews an ended one, and whether its services match the old one's one to one (pure).
 * Autotask names the renewed contract (`renewedContractID`, see docs/vendor-notes.md); ConnectWise has no
 * such field, so a renewal there is a new agreement of the same company, of the same billing cycle, that
 * starts the day after the old one ends. An extension (the same agreement with a later end date) needs no
 * follow: the link already points at it.
 */
import { addDays } from '../domain/dates.js';
import type { PsaContract, PsaService } from '../psa/types.js';

/** The renewal of `old` among `contracts`, or null when none (or more than one candidate: the user decides). */
export function findRenewal(old: PsaContract, contracts: readonly PsaContract[]): PsaContract | null {
  const named = contracts.filter((c) => c.renews === old.id && !c.cancelled);
  if (named.length === 1) return named[0]!;
  if (named.length > 1 || !old.endDate) return null;
  const next = addDays(old.endDate, 1);
  const adjacent = contracts.filter(
    (c) => c.id !== old.id && c.accountId === old.accountId && !c.cancelled && c.startDate === next && (c.renews === undefined || c.renews === null) && c.billingCycle === old.billingCycle,
  );
  return adjacent.length === 1 ? adjacent[0]! : null;
}

export interface ServicePair { from: PsaService; to: PsaService }

/**
 * One to one by product (Autotask Service / ConnectWise catalog item): every old service has exactly one
 * service of the same product on the renewal and no two old services share one. Null otherwise.
 */
export function matchServices(oldServices: readonly PsaService[], newServices: readonly PsaService[]): ServicePair[] | null {
  const pairs: ServicePair[] = [];
  const used = new Set<PsaService>();
  for (const from of oldServices) {
    const same = newServices.filter((s) => s.serviceId === from.serviceId);
    if (same.length !== 1 || used.has(same[0]!)) return null;
    used.add(same[0]!);
    pairs.push({ from, to: same[0]! });
  }
  return pairs;
}

/** Whether a row dated `effectiveDate` falls after the contract's end (and so belongs to its renewal). */
export const afterEnd = (contract: Pick<PsaContract, 'endDate'>, effectiveDate: string) => contract.endDate !== null && effectiveDate > contract.endDate;
