/**
 * Field types the sandbox filters and sorts on, per entity, with the spec's names and types
 * (../shared/specs/connectwise/manage-subset.openapi.json: Company, Agreement, Addition, CatalogItem,
 * AgreementAdjustment; `*Reference` objects give `x/id` numbers and `x/name`/`x/identifier` strings).
 */
import type { FieldTypes } from './conditions.js';

const ref = (name: string, ...keys: ('id' | 'name' | 'identifier')[]): FieldTypes =>
  Object.fromEntries(keys.map((k) => [`${name}/${k}`, k === 'id' ? 'number' : 'string'])) as FieldTypes;

export const COMPANY_FIELDS: FieldTypes = {
  id: 'number',
  identifier: 'string',
  name: 'string',
  deletedFlag: 'boolean',
  isVendorFlag: 'boolean',
  city: 'string',
  state: 'string',
  phoneNumber: 'string',
  website: 'string',
  accountNumber: 'string',
  dateAcquired: 'datetime',
  ...ref('status', 'id', 'name'),
  ...ref('site', 'id', 'name'),
  ...ref('parentCompany', 'id', 'identifier', 'name'),
};

export const AGREEMENT_FIELDS: FieldTypes = {
  id: 'number',
  name: 'string',
  startDate: 'datetime',
  endDate: 'datetime',
  noEndingDateFlag: 'boolean',
  cancelledFlag: 'boolean',
  dateCancelled: 'datetime',
  reasonCancelled: 'string',
  customerPO: 'string',
  prorateFlag: 'boolean',
  invoiceProratedAdditionsFlag: 'boolean',
  billStartDate: 'datetime',
  agreementStatus: 'string',
  invoicingCycle: 'string',
  applicationCycle: 'string',
  oneTimeFlag: 'boolean',
  ...ref('type', 'id', 'name'),
  ...ref('company', 'id', 'identifier', 'name'),
  ...ref('contact', 'id', 'name'),
  ...ref('billingCycle', 'id', 'name'),
  ...ref('parentAgreement', 'id', 'name'),
};

export const ADDITION_FIELDS: FieldTypes = {
  id: 'number',
  quantity: 'number',
  lessIncluded: 'number',
  unitPrice: 'number',
  unitCost: 'number',
  billCustomer: 'string',
  effectiveDate: 'datetime',
  cancelledDate: 'datetime',
  taxableFlag: 'boolean',
  agreementId: 'number',
  description: 'string',
  invoiceDescription: 'string',
  serialNumber: 'string',
  sequenceNumber: 'number',
  ...ref('product', 'id', 'identifier'),
};

export const CATALOG_FIELDS: FieldTypes = {
  id: 'number',
  identifier: 'string',
  description: 'string',
  inactiveFlag: 'boolean',
  productClass: 'string',
  price: 'number',
  cost: 'number',
  taxableFlag: 'boolean',
  recurringFlag: 'boolean',
  manufacturerPartNumber: 'string',
  vendorSku: 'string',
  customerDescription: 'string',
  ...ref('subcategory', 'id', 'name'),
  ...ref('category', 'id', 'name'),
  ...ref('type', 'id', 'name'),
  ...ref('unitOfMeasure', 'id', 'name'),
};

export const ADJUSTMENT_FIELDS: FieldTypes = {
  id: 'number',
  amount: 'number',
  description: 'string',
  effectiveDate: 'datetime',
  agreementId: 'number',
};
