/**
 * A soak child: runs sync cycles of one tenant on the shared SQLite file until it is killed (`loop`), or
 * until the tenant has nothing left to do (`drain`: exits 0, or 3 when it gave up). Its lease holder
 * records this process, so the next child takes over at once after a SIGKILL (sync/node-process.ts).
 *   node <bundle> --db <file> --tenant <id> --mode loop|drain
 */
import { isNull, and, eq } from 'drizzle-orm';
import { openSqlite } from '../../server/db/open-node.js';
import { runCycle } from '../../server/sync/cycle.js';
import { nodeProcess } from '../../server/sync/node-process.js';
import { loadOpenRows } from '../../server/sync/repo.js';
import { worldDeps } from '../../tests/integration/sync/world.js';
import { CHILD_OPTIONS, PSA_TIMEOUT_MS } from './options.js';


const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1]!;

async function main() {
  const { store } = openSqlite(arg('db'));
  const tenant = arg('tenant');
  const drain = arg('mode') === 'drain';
  const deps = { ...worldDeps(store, { psaTimeoutMs: PSA_TIMEOUT_MS, options: CHILD_OPTIONS }), process: nodeProcess() };
  process.stdout.write('ready\n');
  for (let i = 0; !drain || i < 400; i++) {
    const r = await runCycle(deps, tenant, { trigger: 'soak' });
    if (!r) {
      await new Promise((res) => setTimeout(res, 50)); // another live child of this tenant (a drain overlap)
      continue;
    }
    if (!drain) continue;
    const open = (await loadOpenRows(store, tenant, '0000-01-01')).filter((x) => x.status !== 'posted');
    const rl = store.t.resourceLinks;
    const unreconciled = await store.db.select().from(rl).where(and(eq(rl.tenantId, tenant), isNull(rl.ledgerUnits)));
    if (open.length === 0 && unreconciled.length === 0 && r.summary.planned === 0) {
      await store.close();
      process.exit(0);
    }
    await new Promise((res) => setTimeout(res, 20));
  }
  await store.close();
  process.exit(3);
}

void main();
