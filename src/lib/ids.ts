// Opaque, prefixed, URL-safe ids (ws_…, mem_…) so that an id says what it names in logs and support tickets.
import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

// Random bytes are drawn 4 KB at a time: the inbound path makes several ids a message, and one
// call into the system's generator per id cost more than the rest of making it.
let pool = Buffer.alloc(0);
let offset = 0;

function random(length: number): Buffer {
  if (offset + length > pool.length) {
    pool = randomBytes(Math.max(4096, length));
    offset = 0;
  }
  offset += length;
  return pool.subarray(offset - length, offset);
}

export function newId(prefix: string, length = 20): string {
  const bytes = random(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 36];
  return `${prefix}_${out}`;
}
