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

function randomChars(length: number): string {
  let out = '';
  for (const byte of random(length)) out += alphabet[byte % 36];
  return out;
}

export function newId(prefix: string, length = 20): string {
  return `${prefix}_${randomChars(length)}`;
}

/**
 * An id that sorts by the time it was made (milliseconds, then random), in newId's shape: for rows
 * made at a high rate that other tables' indexes point at (conversations, contacts, identities).
 * Random ids send each new row's entries in those indexes to a random page, which the database
 * must read in, dirty and log in full once per checkpoint; ids in time order go to the end.
 */
export function newSortableId(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomChars(11)}`;
}
