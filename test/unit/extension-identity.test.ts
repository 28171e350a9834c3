import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_MANIFEST_KEY } from '../../extension/extension-identity';

describe('extension identity', () => {
  it('the Chrome extension id is the one Chrome derives from the manifest key', () => {
    const digest = createHash('sha256').update(Buffer.from(CHROME_MANIFEST_KEY, 'base64')).digest('hex');
    const id = [...digest.slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    expect(id).toBe(CHROME_EXTENSION_ID);
  });
});
