/**
 * The demo world shared by the three sandboxes, so that the demo Marketplace's customers and products
 * have counterparts (some exact, some fuzzy, some missing) in the demo Autotask and ConnectWise. The names
 * differ the way real MSPs' records do, so the mapping suggestions matter: abbreviations ("Bros.", "Co."),
 * legal forms ("Incorporated" / "Inc", "LLC"), a typo ("Cimmaron"), a spelling ("Harbour"), extra words.
 * Pure data: generators in each sandbox turn it into their own API's objects.
 */
export interface DemoCustomer {
  odinAccountId: string;
  name: string;
  /** Name the PSA knows the customer by; null when the customer is missing from the PSAs (unlinkable). */
  psaName: string | null;
}

export interface DemoProduct {
  mpn: string;
  name: string;
  unit: string;
  /** Monthly price to the end customer and cost to the MSP, USD. */
  unitPrice: number;
  unitCost: number;
  /** Name of the matching PSA service/product, spelt the PSA's way. */
  psaName: string;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { odinAccountId: '1200000500', name: 'Hall Bros. Transportation Co, Inc.', psaName: 'Hall Brothers Transportation' },
  { odinAccountId: '1200000501', name: 'Venture Logistics', psaName: 'Venture Logistics' },
  { odinAccountId: '1200000502', name: 'Repair and Wear', psaName: 'Repair and Wear LLC' },
  { odinAccountId: '1200000503', name: 'Cimmaron Dental Group', psaName: 'Cimarron Dental' },
  { odinAccountId: '1200000504', name: 'MCS Trucking Incorporated', psaName: 'MCS Trucking Inc' },
  { odinAccountId: '1200000505', name: 'Blue Light, Co.', psaName: 'Blue Light Company' },
  { odinAccountId: '1200000506', name: 'Transcorr', psaName: 'Transcorr' },
  { odinAccountId: '1200000507', name: 'One Geotech', psaName: 'One GeoTech Surveying' },
  { odinAccountId: '1200000508', name: 'Northwind Legal Partners', psaName: 'Northwind Legal' },
  { odinAccountId: '1200000509', name: 'Harbour View Clinic', psaName: 'Harbor View Medical Clinic' },
  { odinAccountId: '1200000510', name: 'Sunrise Bakery', psaName: null },
  { odinAccountId: '1200000511', name: 'Alpine Outfitters', psaName: null },
];

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { mpn: 'CFQ7TTC0LH18', name: 'Microsoft 365 Business Basic', unit: 'user', unitPrice: 6, unitCost: 5.4, psaName: 'M365 Business Basic' },
  { mpn: 'CFQ7TTC0LCHC', name: 'Microsoft 365 Business Standard', unit: 'user', unitPrice: 12.5, unitCost: 11.25, psaName: 'M365 Business Standard' },
  { mpn: 'CFQ7TTC0LCHD', name: 'Microsoft 365 Business Premium', unit: 'user', unitPrice: 22, unitCost: 19.8, psaName: 'Office 365 Business Premium (Monthly)' },
  { mpn: 'CFQ7TTC0LH16', name: 'Exchange Online (Plan 1)', unit: 'user', unitPrice: 4, unitCost: 3.6, psaName: 'Exchange Online (Plan 1)' },
  { mpn: 'CFQ7TTC0LFLX', name: 'Office 365 E3', unit: 'user', unitPrice: 23, unitCost: 20.7, psaName: 'Office 365 Enterprise E3 (Monthly)' },
  { mpn: 'CFQ7TTC0HD33', name: 'Visio Plan 2', unit: 'user', unitPrice: 15, unitCost: 13.5, psaName: 'Visio Pro for Office 365' },
  { mpn: 'CFQ7TTC0HDG0', name: 'Project Plan 3', unit: 'user', unitPrice: 30, unitCost: 27, psaName: 'Project Pro for Office 365' },
  { mpn: 'AV-ENDPOINT-01', name: 'Acronis Cyber Protect', unit: 'device', unitPrice: 8, unitCost: 6.5, psaName: 'Managed Antivirus' },
];
