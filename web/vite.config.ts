import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// The dev server proxies the API to the Fastify server (RP_API_TARGET, default http://localhost:3000);
// `vite build` writes dist/, which the server serves at /.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'RP_');
  return {
    plugins: [react()],
    // antd and friends are hoisted to the root node_modules next to an older React; use the one of this package.
    resolve: { dedupe: ['react', 'react-dom'] },
    server: { port: 5173, proxy: { '/api': env.RP_API_TARGET ?? 'http://localhost:3000' } },
    build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  };
});
