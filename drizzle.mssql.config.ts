import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mssql',
  schema: './server/db/mssql/index.ts',
  out: './migrations/mssql',
});
