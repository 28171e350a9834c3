// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  chromeExtensionId,
  chromeRedirectUrl,
  defaultExtensionRedirectUrls,
  firefoxRedirectUrl,
} from '../../../backend/auth/extension-redirects';
import { CHROME_EXTENSION_ID, CHROME_MANIFEST_KEY, GECKO_EXTENSION_ID } from '../../../extension/extension-identity';

describe('extension redirect URLs', () => {
  it('derives the Chrome id from the manifest key, matching the extension’s constant', () => {
    expect(chromeExtensionId(CHROME_MANIFEST_KEY)).toBe(CHROME_EXTENSION_ID);
    expect(chromeRedirectUrl(CHROME_MANIFEST_KEY)).toBe('https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/');
  });

  it('derives Firefox’s URL from the gecko id', () => {
    expect(firefoxRedirectUrl(GECKO_EXTENSION_ID)).toBe(
      'https://53c8a147c00edf330378bd2ff671e625a2758b76.extensions.allizom.org/',
    );
  });

  it('allows exactly those two by default', () => {
    expect(defaultExtensionRedirectUrls()).toEqual([
      'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/',
      'https://53c8a147c00edf330378bd2ff671e625a2758b76.extensions.allizom.org/',
    ]);
  });
});
