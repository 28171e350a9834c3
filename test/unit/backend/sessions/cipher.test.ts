// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeEncryptionKey, ValueCipher } from '../../../../backend/sessions/cipher';

describe('decodeEncryptionKey', () => {
  const key = randomBytes(32);

  it('reads 32 bytes written as hexadecimal, base64 or base64url', () => {
    expect(decodeEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(decodeEncryptionKey(key.toString('hex').toUpperCase())).toEqual(key);
    expect(decodeEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(decodeEncryptionKey(key.toString('base64url'))).toEqual(key);
    expect(decodeEncryptionKey(` ${key.toString('base64')}\n`)).toEqual(key);
  });

  it.each([
    ['a passphrase', 'correct horse battery staple'],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['31 bytes in hex', randomBytes(31).toString('hex')],
    ['64 bytes in base64', randomBytes(64).toString('base64')],
    ['empty', ''],
  ])('refuses %s', (_label, raw) => {
    expect(decodeEncryptionKey(raw)).toBeUndefined();
  });
});

describe('ValueCipher', () => {
  const cipher = new ValueCipher(randomBytes(32));

  it('opens what it sealed for the same additional data', () => {
    const sealed = cipher.seal('{"family_name":"DUBOIS"}', 'pivot:session:a');
    expect(sealed).not.toContain('DUBOIS');
    expect(cipher.open(sealed, 'pivot:session:a')).toBe('{"family_name":"DUBOIS"}');
  });

  it('uses a fresh nonce for every value', () => {
    expect(cipher.seal('same', 'k')).not.toBe(cipher.seal('same', 'k'));
  });

  it('refuses another additional data, another key, altered or truncated bytes', () => {
    const sealed = cipher.seal('value', 'pivot:session:a');
    expect(cipher.open(sealed, 'pivot:session:b')).toBeUndefined();
    expect(new ValueCipher(randomBytes(32)).open(sealed, 'pivot:session:a')).toBeUndefined();
    const bytes = Buffer.from(sealed, 'base64');
    for (const index of [0, 12, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[index]! ^= 0x80;
      expect(cipher.open(altered.toString('base64'), 'pivot:session:a'), `byte ${index}`).toBeUndefined();
    }
    expect(cipher.open(bytes.subarray(0, 27).toString('base64'), 'pivot:session:a')).toBeUndefined();
    expect(cipher.open('', 'pivot:session:a')).toBeUndefined();
  });

  it('needs a 32-byte key', () => {
    expect(() => new ValueCipher(randomBytes(16))).toThrow(RangeError);
  });
});
