/** Request bodies of the review API (docs/api.md "Review"). */
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';

export const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const ids = z.array(z.string().min(1).max(64)).min(1).max(500);

export const approveBody = z.strictObject({ ids, effectiveDate: isoDate.optional() });
export const dismissBody = z.strictObject({ ids, reason: z.string().trim().min(1, 'a reason is required').max(1000) });
export const editBody = z
  .strictObject({ effectiveDate: isoDate.optional(), toCount: z.number().int().min(0).max(1_000_000).optional() })
  .refine((b) => b.effectiveDate !== undefined || b.toCount !== undefined, 'give effectiveDate and/or toCount');

export const policyBody = z
  .strictObject({
    mode: z.enum(['automatic', 'review_all', 'threshold']),
    thresholdUnits: z.number().int().min(0).max(1_000_000).nullable().optional(),
    thresholdAmount: z.number().min(0).max(1e9).nullable().optional(),
    reviewFirstReconcile: z.boolean().optional(),
    quantityFloor: z.number().int().min(0).max(1_000_000).nullable().optional(),
    holdAnnualDecreases: z.boolean().optional(),
  })
  .refine((b) => b.mode !== 'threshold' || b.thresholdUnits != null || b.thresholdAmount != null, 'threshold mode needs thresholdUnits and/or thresholdAmount');
