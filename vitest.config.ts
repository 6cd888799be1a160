import { defineConfig } from 'vitest/config';

// Browser tests (headless Chromium) are slower and need the Debian package; they run in the same
// `npm test` but in their own project so unit runs stay fast in watch mode.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
