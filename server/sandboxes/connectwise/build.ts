/** Constructors for sandbox objects in ConnectWise's wire shape, shared by the demo and large data sets. */
import type { CwAddition, CwAgreement, CwCatalogItem, CwCompany } from './wire.js';

const round2 = (n: number) => Math.round(n * 100) / 100;
export const at = (date: string) => `${date}T00:00:00Z`;

export function company(id: number, name: string, status: 'Active' | 'Inactive' = 'Active'): CwCompany {
  const identifier = name.replace(/[^A-Za-z0-9]/g, '').slice(0, 30) || `Company${id}`;
  return {
    id,
    identifier,
    name: name.slice(0, 50),
    status: { id: status === 'Active' ? 1 : 2, name: status },
    types: [{ id: 1, name: 'Client' }],
    addressLine1: `${100 + (id % 900)} Main Street`,
    city: 'Tampa',
    state: 'FL',
    zip: '33602',
    phoneNumber: `813555${String(1000 + (id % 9000)).padStart(4, '0')}`,
    deletedFlag: false,
    isVendorFlag: false,
  };
}

export function product(id: number, identifier: string, description: string, price: number, cost: number, extra: Partial<CwCatalogItem> = {}): CwCatalogItem {
  return {
    id,
    identifier: identifier.slice(0, 75),
    description: description.slice(0, 60),
    inactiveFlag: false,
    subcategory: { id: 1, name: 'Cloud Services' },
    type: { id: 1, name: 'Subscription' },
    productClass: 'NonInventory',
    unitOfMeasure: { id: 1, name: 'Each' },
    price,
    cost,
    taxableFlag: false,
    customerDescription: description,
    manufacturerPartNumber: identifier.slice(0, 50),
    recurringFlag: true,
    recurringRevenue: price,
    recurringCost: cost,
    recurringBillCycle: { id: 1, name: 'Monthly' },
    ...extra,
  };
}

export interface AgreementSpec {
  id: number;
  name: string;
  company: CwCompany;
  contactId: number;
  start: string;
  end?: string;
  cancelled?: string;
  prorate?: boolean;
  cycle?: string;
}

export function agreement(s: AgreementSpec): CwAgreement {
  return {
    id: s.id,
    name: s.name.slice(0, 100),
    type: { id: 1, name: 'Managed Services' },
    company: { id: s.company.id, identifier: s.company.identifier, name: s.company.name },
    contact: { id: s.contactId, name: 'Billing Contact' },
    startDate: at(s.start),
    ...(s.end ? { endDate: at(s.end) } : {}),
    noEndingDateFlag: !s.end,
    cancelledFlag: Boolean(s.cancelled),
    ...(s.cancelled ? { dateCancelled: at(s.cancelled), reasonCancelled: 'Customer moved to another provider' } : {}),
    applicationUnits: 'Amount',
    applicationUnlimitedFlag: false,
    applicationCycle: 'CalendarMonth',
    oneTimeFlag: false,
    billingCycle: { id: 1, name: s.cycle ?? 'Monthly' },
    billOneTimeFlag: false,
    invoicingCycle: 'CalendarYear',
    billAmount: 0,
    taxable: false,
    prorateFlag: s.prorate ?? true,
    invoiceProratedAdditionsFlag: false,
    billTime: 'Billable',
    billExpenses: 'Billable',
    billProducts: 'Billable',
    employeeCompRate: 'Actual',
    periodType: 'Current',
    autoInvoiceFlag: false,
  };
}

export function addition(id: number, agreementId: number, p: CwCatalogItem, quantity: number, effective: string, cancelled?: string, seq = 1): CwAddition {
  const price = p.price ?? 0;
  const cost = p.cost ?? 0;
  return {
    id,
    product: { id: p.id, identifier: p.identifier },
    quantity,
    lessIncluded: 0,
    unitPrice: price,
    unitCost: cost,
    billCustomer: 'Billable',
    effectiveDate: at(effective),
    ...(cancelled ? { cancelledDate: at(cancelled) } : {}),
    taxableFlag: false,
    agreementId,
    description: p.description,
    invoiceDescription: p.customerDescription,
    uom: 'Each',
    sequenceNumber: seq,
    extPrice: round2(price * quantity),
    extCost: round2(cost * quantity),
    margin: round2((price - cost) * quantity),
    prorateCurrentPeriodFlag: false,
  };
}
