/**
 * Child process for lease-kill.test.ts: opens the SQLite file, starts a real sync cycle for the tenant
 * whose Marketplace refresh never answers (so the cycle holds the tenant's lease), prints "holding" and
 * waits to be killed. Its lease lives an hour, so only seeing the holder dead can free it in a test.
 *   node --import tsx tests/integration/sync/lease-holder.ts <db file>
 */
import { openSqlite } from '../../../server/db/open-node.js';
import { startCycle } from '../../../server/sync/cycle.js';
import { nodeProcess } from '../../../server/sync/node-process.js';
import { TENANT, worldDeps } from './world.js';

const { store } = openSqlite(process.argv[2]!);
const deps = { ...worldDeps(store, { marketplace: { refresh: () => new Promise<never>(() => undefined) }, options: { leaseTtlMs: 3_600_000 } }), process: nodeProcess() };
const started = await startCycle(deps, TENANT, { trigger: 'soak' });
process.stdout.write(started ? `holding ${started.runId}\n` : 'busy\n');
setInterval(() => undefined, 1 << 30);
