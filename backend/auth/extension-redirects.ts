import { createHash } from 'node:crypto';
import { CHROME_MANIFEST_KEY, GECKO_EXTENSION_ID } from '../../extension/extension-identity';

/**
 * The redirect URLs of the Pivot extension, derived from its fixed identity rather than copied:
 * Chrome's id is computed from the manifest key the same way Chrome does it, so the allow-list can
 * never drift from the extension that is actually built.
 */

/** Chrome extension id: sha256 of the DER public key, first 32 hex digits mapped 0–f → a–p. */
export function chromeExtensionId(manifestKey: string): string {
  const digest = createHash('sha256').update(Buffer.from(manifestKey, 'base64')).digest('hex');
  return [...digest.slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** What `identity.getRedirectURL()` returns in Chrome. */
export function chromeRedirectUrl(manifestKey: string): string {
  return `https://${chromeExtensionId(manifestKey)}.chromiumapp.org/`;
}

/** What `identity.getRedirectURL()` returns in Firefox: sha1 of the add-on id. */
export function firefoxRedirectUrl(geckoId: string): string {
  return `https://${createHash('sha1').update(geckoId).digest('hex')}.extensions.allizom.org/`;
}

/** The default EXTENSION_REDIRECT_URLS: the unpacked extension in Chrome and in Firefox. */
export function defaultExtensionRedirectUrls(): string[] {
  return [chromeRedirectUrl(CHROME_MANIFEST_KEY), firefoxRedirectUrl(GECKO_EXTENSION_ID)];
}
