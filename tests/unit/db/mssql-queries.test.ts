/**
 * SQL Server cannot run here: every repository function runs against a recording mssql client instead,
 * and each statement it sends is checked for SQL Server syntax. Areas add their repository calls to
 * REPOSITORY_CALLS (tests/unit/db/repository-calls.ts).
 */
import { describe, expect, it } from 'vitest';
import { createRecordingMssqlStore, NOT_TSQL } from '../../helpers/mssql-recorder.js';
import { ANSWERED_CALLS, REPOSITORY_CALLS } from './repository-calls.js';

describe('SQL Server statements of every repository function', () => {
  const calls = [
    ...Object.entries(REPOSITORY_CALLS).map(([name, call]) => ({ name, call, answer: undefined, rowsAffected: undefined })),
    ...Object.entries(ANSWERED_CALLS).map(([name, c]) => ({ name: `${name} (rows found)`, ...c })),
  ];
  for (const { name, call, answer, rowsAffected } of calls) {
    it(name, async () => {
      const { store, queries } = createRecordingMssqlStore(answer, { rowsAffected });
      await call(store).catch((err: Error) => {
        // Empty answers may make a function give up after its first query; the statements sent still count.
        if (queries.length === 0) throw err;
      });
      expect(queries.length).toBeGreaterThan(0);
      for (const q of queries) {
        for (const bad of NOT_TSQL) expect(q.sql, `${name} sent: ${q.sql}`).not.toMatch(bad);
        expect(q.sql).toMatch(/\[[a-z_]+\]/); // SQL Server quotes identifiers with brackets
        const placeholders = new Set(q.sql.match(/@par\d+/g) ?? []);
        expect(placeholders.size, `${name}: parameters sent for ${q.sql}`).toBe(q.params.length);
      }
    });
  }
});

describe('store helpers on SQL Server', () => {
  it('pages with OFFSET/FETCH after ORDER BY', async () => {
    const { store, queries } = createRecordingMssqlStore();
    await store.page(store.db.select().from(store.t.tenants).$dynamic() as never, [store.t.tenants.id], 25, 50);
    expect(queries[0]!.sql).toMatch(/order by (\[tenants\]\.)?\[id\] offset @par\d+ rows fetch next @par\d+ rows only/i);
  });
  it('upserts as update, then insert when nothing was updated', async () => {
    const { store, queries } = createRecordingMssqlStore();
    await store.upsert(store.t.leases, { name: 'x', holder: 'h', expiresAt: 'e' }, [store.t.leases.name], { holder: 'h', expiresAt: 'e' });
    expect(queries.map((q) => q.sql.split(' ')[0]!.toLowerCase())).toEqual(['update', 'insert']);
  });
  it('counts a login attempt with one UPDATE that adds 1 in SQL (atomic under parallel sign-ins)', async () => {
    const { countAttempt, PAIR_RULE } = await import('../../../server/auth/throttle.js');
    const { store, queries } = createRecordingMssqlStore();
    await countAttempt(store, 'pair:x', PAIR_RULE, new Date('2026-03-15T12:00:00Z'));
    expect(queries[0]!.sql).toMatch(/^update \[login_throttle\] set \[failures\] = case when .* else \[login_throttle\]\.\[failures\] \+ 1 end/);
  });
});

const live = process.env.MSSQL_URL;
describe.skipIf(!live)('SQL Server live (MSSQL_URL)', () => {
  it('migrates and round-trips a tenant', async () => {
    const { openStore } = await import('../../../server/db/open-node.js');
    const { createTenant, getTenant } = await import('../../../server/tenants/repo.js');
    const { store } = await openStore(live!);
    const id = `live-${Date.now()}`;
    await createTenant(store, { id, name: 'Live', licenceCustomer: 'Live', licenceKey: 'K', timeZone: 'UTC', psaKind: 'autotask' }, new Date());
    expect((await getTenant(store, id))?.name).toBe('Live');
    await store.close();
  });
});
if (!live) console.log('[mssql] live SQL Server tests skipped: set MSSQL_URL=mssql://user:password@host:1433/db to run them');
