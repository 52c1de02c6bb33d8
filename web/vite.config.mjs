// The dashboard's production build: web/ in, dist/web/ out, served by the service at /.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
