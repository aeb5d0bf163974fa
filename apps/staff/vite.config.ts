import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

// Written into index.html's <meta> tag; unset, the app talks to `npm start`'s admin API.
process.env.VITE_ADMIN_API_URL ??= 'http://127.0.0.1:3002';

export default defineConfig({
  plugins: [react()],
  build: { manifest: true, sourcemap: false },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
