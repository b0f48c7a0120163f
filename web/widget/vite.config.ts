// Builds the embeddable web chat widget to one self-contained file, web/dist/widget.js, served at
// /widget.js. Run after the app's build (which empties web/dist).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// eslint-disable-next-line no-restricted-syntax -- Vite reads the default export
export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: '../dist',
    emptyOutDir: false,
    target: 'es2019',
    lib: { entry: 'src/main.ts', formats: ['iife'], name: 'ParleyChat', fileName: () => 'widget.js' },
  },
});
