/**
 * REST <-> SOAP (ATWS 1.6) names of the entities and fields the sync uses. SOAP calls a company an
 * Account (AccountID on Contract); most other fields are the REST name with a capital first letter.
 */
import type { AutotaskEntity } from './transport.js';

export const SOAP_ENTITY: Record<AutotaskEntity, string> = {
  Companies: 'Account', Contracts: 'Contract', Services: 'Service', ContractServices: 'ContractService', ContractServiceUnits: 'ContractServiceUnit',
};

const RENAMED: Partial<Record<AutotaskEntity, Record<string, string>>> = {
  Companies: { companyName: 'AccountName', companyNumber: 'AccountNumber', companyType: 'AccountType', isActive: 'Active', parentCompanyID: 'ParentAccountID' },
  Contracts: { companyID: 'AccountID' },
};

export const restEntityOf = (soapName: string): AutotaskEntity | undefined =>
  (Object.keys(SOAP_ENTITY) as AutotaskEntity[]).find((k) => SOAP_ENTITY[k].toLowerCase() === soapName.toLowerCase());

export function soapField(entity: AutotaskEntity, restField: string): string {
  if (restField.toLowerCase() === 'id') return 'id';
  const hit = Object.entries(RENAMED[entity] ?? {}).find(([k]) => k.toLowerCase() === restField.toLowerCase());
  return hit ? hit[1] : restField.charAt(0).toUpperCase() + restField.slice(1);
}

export function restField(entity: AutotaskEntity, soapName: string): string {
  if (soapName.toLowerCase() === 'id') return 'id';
  const hit = Object.entries(RENAMED[entity] ?? {}).find(([, v]) => v.toLowerCase() === soapName.toLowerCase());
  return hit ? hit[0] : soapName.charAt(0).toLowerCase() + soapName.slice(1);
}

/** QueryXML expression operators for our REST filter operators (QueryXML.htm). */
export const SOAP_OP: Record<string, string> = {
  eq: 'Equals', noteq: 'NotEqual', gt: 'GreaterThan', gte: 'GreaterThanorEquals', lt: 'LessThan', lte: 'LessThanOrEquals',
  beginsWith: 'BeginsWith', endsWith: 'EndsWith', contains: 'Contains', exist: 'IsNotNull', notExist: 'IsNull',
};
