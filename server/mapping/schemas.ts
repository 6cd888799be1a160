/** Request shapes of the mapping API (docs/api.md "Mapping"), shared by the single and the bulk routes. */
import { z } from 'zod';

const id = z.string().trim().min(1).max(64);
const name = z.string().trim().min(1).max(255);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const mappingQuery = z.object({
  hideCompleted: flag.default(false),
  showExpired: flag.default(false),
  showInactive: flag.default(false),
  showUninvoiced: flag.default(false),
  search: z.string().max(200).default(''),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
}).strict();

export const companyBody = z.object({ psaAccountId: id, psaAccountName: name.optional() }).strict();
export const subscriptionBody = z.object({ psaContractId: id, psaContractName: name.optional() }).strict();
export const resourceBody = z.object({
  psaServiceId: id,
  psaContractServiceId: id.nullable().optional(),
  psaServiceName: name.optional(),
  decreasePolicy: z.enum(['next_period', 'immediate']).optional(),
  priceSource: z.enum(['catalog', 'agreement', 'custom']).optional(),
  customPrice: z.number().finite().min(0).max(1e9).nullable().optional(),
}).strict();

export const setItem = z.discriminatedUnion('level', [
  companyBody.extend({ level: z.literal('company'), odinAccountId: id }).strict(),
  subscriptionBody.extend({ level: z.literal('subscription'), odinSubscriptionId: id }).strict(),
  resourceBody.extend({ level: z.literal('resource'), odinSubscriptionId: id, odinResourceId: id }).strict(),
]);
export const clearItem = z.discriminatedUnion('level', [
  z.object({ level: z.literal('company'), odinAccountId: id }).strict(),
  z.object({ level: z.literal('subscription'), odinSubscriptionId: id }).strict(),
  z.object({ level: z.literal('resource'), odinSubscriptionId: id, odinResourceId: id }).strict(),
]);
export type SetItem = z.infer<typeof setItem>;
export type ClearItem = z.infer<typeof clearItem>;

/** Items are checked one by one (a bad item is reported, the good ones still apply). */
export const MAX_BULK_ITEMS = 500;
export const bulkBody = z.object({
  set: z.array(z.unknown()).max(MAX_BULK_ITEMS).default([]),
  clear: z.array(z.unknown()).max(MAX_BULK_ITEMS).default([]),
}).strict();

export const suggestionsQuery = z.object({}).strict();
