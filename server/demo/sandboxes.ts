/**
 * The three sandboxes of demo mode, with demo data, ready to mount under /sandbox/*. Their state lives in
 * memory: a restart regenerates the same deterministic demo world. All three read the clock's date, so the
 * Marketplace's renewal dates and the PSA contracts' terms agree.
 */
import type { Hono } from 'hono';
import { createMarketplaceSandbox } from '../sandboxes/marketplace/app.js';
import { demoMarketplaceData, isoDate } from '../sandboxes/marketplace/data.js';
import { createAutotaskSandbox, demoAutotaskData } from '../sandboxes/autotask/index.js';
import { createConnectWiseSandbox, demoConnectWiseData } from '../sandboxes/connectwise/index.js';
import type { Clock } from '../services.js';

export function createDemoSandboxes(clock: Clock) {
  const marketplace = createMarketplaceSandbox({ data: demoMarketplaceData(undefined, isoDate(clock.now().getTime())), clock });
  const autotask = createAutotaskSandbox({ data: demoAutotaskData(clock.now()), clock });
  const connectwise = createConnectWiseSandbox({ data: demoConnectWiseData(clock.now()), clock });
  const mounts: { path: string; app: Hono<any> }[] = [
    { path: '/sandbox/marketplace', app: marketplace.app },
    { path: '/sandbox/autotask', app: autotask.app },
    { path: '/sandbox/connectwise', app: connectwise.app },
  ];
  return { marketplace, autotask, connectwise, mounts };
}
