/**
 * ConnectWise objects -> the PSA-agnostic rows of the mapping screen (PsaAccount, PsaContract, PsaService).
 * Pure. Services of an agreement are the products on it (from its additions, with the units live on the
 * read date) followed by the other catalog products, with 0 units, so a resource can be mapped to a product
 * the agreement does not bill yet (the sync then adds it).
 */
import type { IsoDate, PsaAccount, PsaContract, PsaService } from '../types.js';
import { fromCwDate } from './facts.js';
import { latestLine, unitsOn } from './units.js';
import type { CwAddition, CwAgreement, CwCatalogItem, CwCompany } from './wire.js';

export function toAccount(c: CwCompany): PsaAccount {
  const status = c.status?.name ?? '';
  return {
    id: String(c.id),
    name: c.name,
    active: !c.deletedFlag && !/inactive|not.?approved|deleted/i.test(status),
  };
}

export function toContract(a: CwAgreement, asOf: IsoDate): PsaContract {
  const endDate = a.noEndingDateFlag ? null : fromCwDate(a.endDate);
  return {
    id: String(a.id),
    accountId: a.company?.id == null ? '' : String(a.company.id),
    name: a.name,
    startDate: fromCwDate(a.startDate),
    endDate,
    expired: endDate !== null && endDate < asOf,
    cancelled: a.cancelledFlag === true,
    prorate: a.prorateFlag === true,
    billingCycle: a.billingCycle?.name ?? null,
  };
}

/** A PsaService that also says whether the product is on the agreement already or only in the catalog. */
export interface ConnectWiseService extends PsaService {
  onAgreement: boolean;
}

export function toServices(agreementId: string, additions: readonly CwAddition[], catalog: readonly CwCatalogItem[], asOf: IsoDate): ConnectWiseService[] {
  const byId = new Map(catalog.map((p) => [String(p.id), p]));
  const onAgreement = new Map<string, CwAddition>();
  for (const a of additions) if (a.product?.id != null && !onAgreement.has(String(a.product.id))) onAgreement.set(String(a.product.id), a);

  const rows: ConnectWiseService[] = [];
  for (const [productId, first] of onAgreement) {
    const product = byId.get(productId);
    const line = latestLine(additions, productId, asOf) ?? first;
    rows.push({
      contractId: agreementId,
      serviceId: productId,
      contractServiceId: null,
      name: product?.description ?? first.description ?? first.product.identifier ?? `Product ${productId}`,
      code: product?.identifier ?? first.product.identifier ?? null,
      unitPrice: line.unitPrice ?? product?.price ?? null,
      unitCost: line.unitCost ?? product?.cost ?? null,
      units: unitsOn(additions, productId, asOf),
      onAgreement: true,
    });
  }
  rows.sort((x, y) => x.name.localeCompare(y.name));
  const rest = catalog
    .filter((p) => !onAgreement.has(String(p.id)))
    .map<ConnectWiseService>((p) => ({
      contractId: agreementId,
      serviceId: String(p.id),
      contractServiceId: null,
      name: p.description,
      code: p.identifier ?? null,
      unitPrice: p.price ?? null,
      unitCost: p.cost ?? null,
      units: 0,
      onAgreement: false,
    }))
    .sort((x, y) => x.name.localeCompare(y.name));
  return [...rows, ...rest];
}
