import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Recharts goes with the lazily loaded operator views; the files view needs none of it.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev`: Vite's dev server with the API of a running bin/run behind /api.
    proxy: { '/api': 'http://127.0.0.1:7071' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 60000,
  },
});
