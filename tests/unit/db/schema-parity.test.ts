/** The SQLite tree (embedded + D1) and the SQL Server tree must hold the same tables and columns. */
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as mssql from '../../../server/db/mssql/index.js';
import * as sqlite from '../../../server/db/sqlite/index.js';

type Shape = Record<string, Record<string, { js: string; notNull: boolean; primary: boolean; hasDefault: boolean }>>;

function shapeOf(schema: Record<string, unknown>): Shape {
  const out: Shape = {};
  for (const t of Object.values(schema)) {
    if (!t || typeof t !== 'object' || !(Symbol.for('drizzle:Name') in (t as object))) continue;
    const cols = getTableColumns(t as Table);
    out[getTableName(t as Table)] = Object.fromEntries(
      Object.values(cols).map((c) => [c.name, { js: c.dataType.split(' ')[0]!, notNull: c.notNull, primary: c.primary, hasDefault: c.hasDefault }]),
    );
  }
  return out;
}

describe('schema parity', () => {
  const a = shapeOf(sqlite);
  const b = shapeOf(mssql);
  it('has tables', () => expect(Object.keys(a).length).toBeGreaterThan(10));
  it('has the same tables', () => expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort()));
  it('has the same columns with the same value types, nullability, keys and defaults', () => {
    for (const table of Object.keys(a)) expect({ table, cols: b[table] }).toEqual({ table, cols: a[table] });
  });
});
