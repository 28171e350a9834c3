import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { CHROME_MANIFEST_KEY, GECKO_EXTENSION_ID } from './extension/extension-identity';

// The extension lives in extension/; the manifest is generated from here and from each entry point.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  zip: { includeSources: ['extension/**', 'wxt.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'] },
  manifest: ({ browser }) => ({
    name: 'Pivot',
    description: 'Votre identité certifiée FranceConnect dans le navigateur : consultez-la et remplissez vos démarches.',
    permissions: ['identity', 'storage', 'activeTab', 'scripting'],
    host_permissions: ['http://localhost:3000/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_EXTENSION_ID,
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'authenticationInfo'] },
            },
          },
        }
      : { key: CHROME_MANIFEST_KEY }),
  }),
});
