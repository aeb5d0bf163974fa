import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Written into index.html's <meta> tags (see src/config.ts); unset, the app talks to `npm start`'s customer API.
process.env.VITE_CUSTOMER_API_URL ??= 'http://127.0.0.1:3001';
process.env.VITE_COGNITO_DOMAIN_URL ??= '';
process.env.VITE_CUSTOMER_POOL_CLIENT_ID ??= '';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Loyalty cards',
        short_name: 'Loyalty',
        description: 'Your loyalty cards, rewards and QR code for the counter.',
        start_url: '/cards',
        display: 'standalone',
        background_color: '#f8fafc',
        theme_color: '#1d4ed8',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The app shell is precached; every route falls back to it, so a saved card opens with no network.
      workbox: { navigateFallback: '/index.html', globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'] },
    }),
  ],
  build: { manifest: true, sourcemap: false },
  server: { host: '127.0.0.1', port: 5174, strictPort: true },
  preview: { host: '127.0.0.1', port: 5174, strictPort: true },
});
