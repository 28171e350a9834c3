import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { trimDsfrCss } from './extension/build/trim-dsfr-css';
import { CHROME_MANIFEST_KEY, GECKO_EXTENSION_ID } from './extension/extension-identity';

/**
 * Extension pages (popup, options) and the background: scripts and styles from the package only,
 * no plugins, no frames, no forms posting anywhere. `connect-src` lists what the backend URL may be
 * (the options page accepts https, or http on this computer); host permissions narrow it further.
 */
const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The extension lives in extension/; the manifest is generated from here and from each entry point.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [trimDsfrCss(), preact()],
    // The commune table (extension/lib/places) is one lazily loaded ~700 KB chunk, on purpose.
    build: { chunkSizeWarningLimit: 800 },
  }),
  zip: { includeSources: ['extension/**', 'wxt.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'] },
  manifest: ({ browser }) => ({
    name: 'Pivot',
    description: 'Votre identité certifiée FranceConnect dans le navigateur\u00a0: consultez-la et remplissez vos démarches.',
    // identity: launchWebAuthFlow; storage: the session handle (storage.session) and the backend URL
    // (storage.local); activeTab + scripting: inject the form filler into the tab the citizen chose,
    // on their click (next issue). No host access to web pages at install.
    permissions: ['identity', 'storage', 'activeTab', 'scripting'],
    ...(browser === 'firefox'
      ? {
          // Firefox match patterns cannot carry a port (bug 1362809): localhost covers the default
          // backend. MV2 lists hosts with permissions; a non-default backend is asked for at the moment
          // the citizen sets it in the options page.
          host_permissions: ['http://localhost/*'],
          optional_permissions: ['https://*/*', 'http://127.0.0.1/*'],
          browser_specific_settings: {
            gecko: {
              id: GECKO_EXTENSION_ID,
              strict_min_version: '115.0',
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'authenticationInfo'] },
            },
          },
        }
      : {
          host_permissions: ['http://localhost:3000/*'],
          optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
          key: CHROME_MANIFEST_KEY,
          minimum_chrome_version: '116',
        }),
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
  }),
});
