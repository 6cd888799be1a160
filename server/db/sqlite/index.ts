export * from './tenants.js';
export * from './auth.js';
export * from './connections.js';
export * from './marketplace.js';
export * from './mapping.js';
export * from './adjustments.js';
export * from './sync.js';
export * from './trust.js';
