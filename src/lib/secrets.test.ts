import { expect, it } from 'vitest';
import { SecretBox, hashToken, hmacSha256Hex, safeEqual } from './secrets.js';

it('seals credentials so that only the same instance secret opens them, and detects tampering', () => {
  const box = new SecretBox('instance secret one instance secret one');
  const sealed = box.seal('EAAG-page-access-token');
  expect(sealed).not.toContain('EAAG');
  expect(box.seal('EAAG-page-access-token')).not.toBe(sealed); // random IV
  expect(box.open(sealed)).toBe('EAAG-page-access-token');
  expect(() => new SecretBox('another secret another secret another').open(sealed)).toThrow();
  const parts = sealed.split('.');
  parts[3] = Buffer.from('tampered').toString('base64url');
  expect(() => box.open(parts.join('.'))).toThrow();
});

it('hashes tokens and compares signatures in constant time', () => {
  expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  // RFC 4231 test case 2
  expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  expect(safeEqual('sha256=abc', 'sha256=abc')).toBe(true);
  expect(safeEqual('sha256=abc', 'sha256=abd')).toBe(false);
  expect(safeEqual('short', 'longer value')).toBe(false);
});
