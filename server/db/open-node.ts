/**
 * Opens the store named by DATABASE_URL on Node and applies the committed migrations: `file:./data/x.sqlite`
 * (embedded default) or `mssql://user:password@host:port/database`. A store that cannot be opened or
 * migrated throws; the Node host turns that into a clear message and a non-zero exit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { createSqliteStore } from './sqlite-store.js';
import { mssqlStoreOver } from './mssql-store.js';
import type { Db, Store } from './store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const migrationsDir = (dialect: 'sqlite' | 'mssql') => path.join(root, 'migrations', dialect);

/** Name of the newest committed migration: what /healthz reports as the schema version. */
export function latestMigration(dialect: 'sqlite' | 'mssql'): string {
  const names = fs.readdirSync(migrationsDir(dialect)).filter((n) => /^\d{14}_/.test(n)).sort();
  return names.at(-1) ?? 'none';
}

export interface OpenedStore {
  store: Store;
  dialect: 'sqlite' | 'mssql';
  migration: string;
  /** Where the data lives, without credentials, for the start-up banner. */
  location: string;
}

export async function openStore(databaseUrl: string): Promise<OpenedStore> {
  if (databaseUrl.startsWith('file:')) return openSqlite(databaseUrl.slice('file:'.length));
  if (databaseUrl.startsWith('mssql://') || databaseUrl.startsWith('sqlserver://')) return openMssql(databaseUrl);
  throw new Error(`DATABASE_URL must start with file: or mssql:// (got "${databaseUrl.split(':')[0]}:")`);
}

export function openSqlite(file: string): OpenedStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('busy_timeout = 5000');
  client.pragma('foreign_keys = ON');
  const db = drizzleSqlite({ client });
  migrateSqlite(db, { migrationsFolder: migrationsDir('sqlite') });
  const store = createSqliteStore({
    dialect: 'sqlite',
    db: db as unknown as Db,
    async runAtomic(queries) {
      // better-sqlite3 is synchronous: a native transaction around the queries' sync runners.
      client.transaction(() => {
        for (const q of queries) (q as unknown as { run(): unknown }).run();
      })();
    },
    async close() {
      client.close();
    },
  });
  return { store, dialect: 'sqlite', migration: latestMigration('sqlite'), location: path.resolve(file) };
}

async function openMssql(url: string): Promise<OpenedStore> {
  const mssql = (await import('mssql')).default;
  const u = new URL(url.replace(/^sqlserver:/, 'mssql:'));
  const pool = new mssql.ConnectionPool({
    server: u.hostname,
    port: u.port ? Number(u.port) : 1433,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, '') || undefined,
    options: { encrypt: u.searchParams.get('encrypt') !== 'false', trustServerCertificate: u.searchParams.get('trustServerCertificate') === 'true' },
  });
  await pool.connect();
  const { migrate } = await import('drizzle-orm/node-mssql/migrator');
  const store = mssqlStoreOver(pool, () => pool.close());
  await migrate(store.db as never, { migrationsFolder: migrationsDir('mssql') });
  return { store, dialect: 'mssql', migration: latestMigration('mssql'), location: `${u.hostname}/${u.pathname.slice(1)}` };
}
