import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests construct the parser with Chevrotain's grammar validations on.
    env: { RUCHY_VALIDATE_GRAMMAR: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
