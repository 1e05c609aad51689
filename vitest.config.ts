import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // At least two test files at once. Vitest's default (one fewer than the cores) runs a
    // two-core CI machine one file at a time, yet most of a file's time is waiting — on the bot's
    // answers, on Telegram's pacing in the sandbox, on a child server — not computing; every file
    // has its own database, app, port and folders, so two share the machine well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
