/**
 * The extension's fixed identity. The Chrome public key pins the unpacked extension's id (and so
 * its https://<id>.chromiumapp.org/ redirect URL); the Gecko id pins Firefox's. The backend derives
 * its default redirect allow-list from these two values, so change them together.
 */
export const CHROME_MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkeb+tmGDqA1EVAi8I8gYYjEymyd/gJkusU3sc8B9IJw2sHPVkXE6MhhpBHF67CJdD/8nASNdPL8FbcgXAiGEf7qUFe2fZjYYNhp2Oq1+Kl2cs/jtwva7fsCbBHJJsYaSp9vODVt5EvpiRkgYr2x+EZzDPoiElWdmVpBamlsHrCe3EK2jZ8wNhCSvWUFq4/41d8j5W6wdttLJk/LiRkVK9RVlBgnt0DmRfQPqtk+Hobj7tAB/1HGnhJhSbgHLuAg9/4qzqKPaY68Qqoq8s9+dnD1WpDzuH0II2eOOQK5BowiZ3bwdLH24I1ZcNQDdXodqjZTPOwzK8L8Q5Qiwqgv3awIDAQAB';

/** Chrome extension id derived from CHROME_MANIFEST_KEY (sha256 of the DER key, first 32 hex digits mapped 0-f to a-p). */
export const CHROME_EXTENSION_ID = 'ochfhobachhmhddggbhbnbbihocibgpc';

/** Firefox add-on id (browser_specific_settings.gecko.id). */
export const GECKO_EXTENSION_ID = 'pivot@pivot.example.org';

/** Default backend the extension talks to, and the only host it may reach at install. */
export const DEFAULT_BACKEND_URL = 'http://localhost:3000';
