/**
 * ATWS 1.6 names of the REST entities and fields the sandbox serves over SOAP. SOAP calls a company an
 * Account (AccountID on Contract, AccountName...); other fields are the REST name with a capital first letter
 * (complexTypes Account, Contract, Service, ContractService, ContractServiceUnit in ../shared/specs/autotask/atws-1.6.wsdl).
 */
export type SoapServedEntity = 'Companies' | 'Contracts' | 'Services' | 'ContractServices' | 'ContractServiceUnits';

const SOAP_ENTITY: Record<SoapServedEntity, string> = {
  Companies: 'Account', Contracts: 'Contract', Services: 'Service', ContractServices: 'ContractService', ContractServiceUnits: 'ContractServiceUnit',
};

const RENAMED: Partial<Record<SoapServedEntity, Record<string, string>>> = {
  Companies: { companyName: 'AccountName', companyNumber: 'AccountNumber', companyType: 'AccountType', isActive: 'Active', parentCompanyID: 'ParentAccountID' },
  Contracts: { companyID: 'AccountID' },
};

export const restEntityOf = (soapName: string): SoapServedEntity | undefined =>
  (Object.keys(SOAP_ENTITY) as SoapServedEntity[]).find((k) => SOAP_ENTITY[k].toLowerCase() === soapName.toLowerCase());

export function soapField(entity: SoapServedEntity, rest: string): string {
  if (rest.toLowerCase() === 'id') return 'id';
  const hit = Object.entries(RENAMED[entity] ?? {}).find(([k]) => k.toLowerCase() === rest.toLowerCase());
  return hit ? hit[1] : rest.charAt(0).toUpperCase() + rest.slice(1);
}

export function restField(entity: SoapServedEntity, soapName: string): string {
  if (soapName.toLowerCase() === 'id') return 'id';
  const hit = Object.entries(RENAMED[entity] ?? {}).find(([, v]) => v.toLowerCase() === soapName.toLowerCase());
  return hit ? hit[0] : soapName.charAt(0).toLowerCase() + soapName.slice(1);
}
