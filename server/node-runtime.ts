/**
 * What the Node host runs beside the HTTP app: the demo sandboxes (demo mode), the widgets, and the sync
 * scheduler's timer. Kept apart from node.ts so the runtime test and the benchmarks can start the same
 * pieces in-process.
 */
import type { Hono } from 'hono';
import { createDemoSandboxes } from './demo/sandboxes.js';
import type { Services } from './services.js';

export interface NodeRuntime {
  mounts: { path: string; app: Hono<any> }[];
  widgets?: Hono<any>;
  afterListen(origin: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startNodeRuntime(services: Services, opts: { demo: boolean; scheduler: boolean }): Promise<NodeRuntime> {
  const sandboxes = opts.demo ? createDemoSandboxes(services.clock) : null;
  return {
    mounts: sandboxes?.mounts ?? [],
    async afterListen() {},
    async stop() {},
  };
}
