// Opaque, prefixed, URL-safe ids (ws_…, mem_…) so that an id says what it names in logs and support tickets.
import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 36];
  return `${prefix}_${out}`;
}
