/** The Marketplace sandbox: what the host (demo mode), tests and benchmarks import. */
export { createMarketplaceSandbox, DEMO_MARKETPLACE_CREDENTIALS, type MarketplaceSandbox, type SandboxCredentials, type SandboxOptions } from './app.js';
export { demoMarketplaceData, largeMarketplaceData, generateMarketplaceData, type MarketplaceData } from './data.js';
export type { Fault, Budget } from './controls.js';
