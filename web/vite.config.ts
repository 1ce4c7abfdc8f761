import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const api = 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  // `npm run dev:web` serves the UI with hot reload against `npm start` on :3000.
  server: { proxy: Object.fromEntries(['/auth', '/photos', '/shares', '/settings', '/s/', '/cdn'].map((p) => [p, api])) },
});
