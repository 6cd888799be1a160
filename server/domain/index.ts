/** The pure billing rules (no I/O). suggest.ts and report-query.ts live here too, owned elsewhere. */
export * from './dates.js';
export * from './billing-period.js';
export * from './proration.js';
export * from './status-policy.js';
export * from './plan.js';
export * from './merge.js';
export * from './landing.js';
export * from './retry.js';
