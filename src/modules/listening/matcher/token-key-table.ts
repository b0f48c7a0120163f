// The matcher's dictionary of token norms: for each norm some query needs, its key id in each
// token category (any term, hashtag, mention…). A post's words are looked up either as strings or,
// for plain ASCII words, as a span of the post's text, lower-cased on the fly: hashing and comparing
// the span in place means that a word no query needs (almost every word) costs no string at all. A
// JavaScript Map cannot do that, hence this small open-addressing table (linear probing, FNV-1a
// over UTF-16 units, tombstones on removal). Each slot holds the hash beside the entry, and the key
// ids of all entries sit in one typed array, so a look-up touches as few cache lines as it can.

const EMPTY = 0;
const REMOVED = -1;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** hashString of the lower case of `text[start, end)`, which holds only ASCII letters and digits. */
function hashAsciiSpan(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c <= 0x5a && c >= 0x41) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h;
}

/** Whether `key` is the lower case of `text[start, end)` (ASCII letters and digits only). */
function equalsAsciiSpan(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = start, k = 0; i < end; i++, k++) {
    let c = text.charCodeAt(i);
    if (c <= 0x5a && c >= 0x41) c += 32;
    if (c !== key.charCodeAt(k)) return false;
  }
  return true;
}

export class TokenKeyTable {
  /** pairs (hash, entry + 1); the second is EMPTY or REMOVED when the slot holds no entry */
  private slots = new Int32Array(2048);
  private mask = 1023;
  /** slots not EMPTY (live and removed): the table grows before probing chains get long */
  private occupied = 0;
  private readonly names: (string | undefined)[] = [];
  /** entry × categories + category → key id, -1 for none */
  private ids: Int32Array;
  private readonly freeEntries: number[] = [];
  size = 0;

  constructor(readonly categories: number) {
    this.ids = new Int32Array(categories * 256);
  }

  /** The entry of `name`, or -1. */
  find(name: string): number {
    const h = hashString(name);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = slots[2 * i + 1]!;
      if (e === EMPTY) return -1;
      if (e > 0 && slots[2 * i] === h && this.names[e - 1] === name) return e - 1;
    }
  }

  /** The entry of the lower case of `text[start, end)`, a run of ASCII letters and digits, or -1. */
  findAsciiSpan(text: string, start: number, end: number): number {
    const h = hashAsciiSpan(text, start, end);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = slots[2 * i + 1]!;
      if (e === EMPTY) return -1;
      if (e > 0 && slots[2 * i] === h && equalsAsciiSpan(this.names[e - 1]!, text, start, end)) return e - 1;
    }
  }

  /** The key id of an entry in a category; -1 when no query needs it. */
  id(entry: number, category: number): number {
    return this.ids[entry * this.categories + category]!;
  }

  setId(name: string, category: number, id: number): void {
    let entry = this.find(name);
    if (entry < 0) entry = this.add(name);
    this.ids[entry * this.categories + category] = id;
  }

  /** Forgets the key id; the name goes when it has none left. */
  clearId(name: string, category: number): void {
    const entry = this.find(name);
    if (entry < 0) return;
    const base = entry * this.categories;
    this.ids[base + category] = -1;
    for (let c = 0; c < this.categories; c++) if (this.ids[base + c]! >= 0) return;
    this.remove(name, entry);
  }

  private add(name: string): number {
    if ((this.occupied + 1) * 2 > this.mask + 1) this.rehash(this.size + 1);
    const entry = this.freeEntries.pop() ?? this.names.length;
    this.names[entry] = name;
    if ((entry + 1) * this.categories > this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids.fill(-1, entry * this.categories, (entry + 1) * this.categories);
    const h = hashString(name);
    let i = h & this.mask;
    while (this.slots[2 * i + 1]! > 0) i = (i + 1) & this.mask;
    if (this.slots[2 * i + 1] === EMPTY) this.occupied++;
    this.slots[2 * i] = h;
    this.slots[2 * i + 1] = entry + 1;
    this.size++;
    return entry;
  }

  private remove(name: string, entry: number): void {
    const h = hashString(name);
    let i = h & this.mask;
    while (this.slots[2 * i + 1] !== entry + 1) i = (i + 1) & this.mask;
    this.slots[2 * i + 1] = REMOVED;
    this.names[entry] = undefined;
    this.freeEntries.push(entry);
    this.size--;
  }

  /** A table for at least `live` entries at most a quarter full, without the removed slots. */
  private rehash(live: number): void {
    let length = 1024;
    while (length < live * 4) length *= 2;
    const slots = new Int32Array(2 * length);
    const mask = length - 1;
    for (let entry = 0; entry < this.names.length; entry++) {
      const name = this.names[entry];
      if (name === undefined) continue;
      const h = hashString(name);
      let i = h & mask;
      while (slots[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
    this.occupied = this.size;
  }
}
