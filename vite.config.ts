/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { landlord } from './shared/config/landlord.ts';
import { checkLandlordConfig } from './shared/config/landlord-schema.ts';

// The build stops with a clear message if the landlord configuration is wrong.
checkLandlordConfig(landlord);

export default defineConfig({
  root: 'client',
  publicDir: '../public',
  plugins: [vue()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
  test: {
    root: '.',
    projects: [
      {
        test: {
          name: 'unit',
          root: '.',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          root: '.',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-e2e.ts'],
          // One browser and one server at a time: CI has two cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
