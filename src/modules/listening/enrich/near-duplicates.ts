// Near-duplicate detection for listening posts: a 64-bit SimHash (Charikar 2002; Manku, Jain & Das
// Sarma, "Detecting Near-Duplicates for Web Crawling", WWW 2007) per post, and an online index that
// puts each new post into the cluster of an earlier post within Hamming distance 3.
//
// Features are 3-word shingles of word and hashtag norms. URLs and mentions are left out on purpose:
// retweets ("RT @x: …") and copy-paste campaigns differ mostly in their links and handles, and we want
// those to collide. A leading "RT" before a mention is dropped for the same reason.
//
// Hashing runs on every ingested post, so it avoids BigInt until the very end: each word is hashed
// once into two independent 32-bit halves (FNV-1a and a Murmur3-style hash, both with Math.imul), a
// shingle's halves are mixed from its words' halves with integer operations (no string concatenation),
// and the bit votes go into a reused Int32Array. Only the final 64-bit value is built as a bigint.
import type { Token } from '../text/types.js';

const SHINGLE = 3;
const BITS = 64;


/** Murmur3's 32-bit finalizer: spreads every input bit over the whole word (full avalanche). */
function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32 over UTF-16 code units. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A second, independent 32-bit hash (Murmur3-like mixing, different seed), for the high half. */
function murmurish32(text: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

/** Combines word hashes in order, so "a b c" and "c b a" are different shingles. */
function combine(a: number, b: number, c: number): number {
  const ab = fmix32(Math.imul(a, 0x9e3779b1) ^ b);
  return fmix32(Math.imul(ab, 0x85ebca77) ^ c);
}

// Bit-sliced counters: plane j holds bit j of the count of ones seen at each of the 32 positions, so
// adding a 32-bit feature hash costs a few word operations instead of 32 increments.
const PLANES = 17; // counts up to 2^17 - 1: more features than a post of 100,000 characters has
const lowPlanes = new Int32Array(PLANES);
const highPlanes = new Int32Array(PLANES);

function count(planes: Int32Array, half: number): void {
  let carry = half | 0;
  for (let j = 0; carry !== 0; j++) {
    const plane = planes[j]!;
    planes[j] = plane ^ carry;
    carry &= plane;
  }
}

/** The 32 bits whose count of ones is over half of `n`: more features voted for them than against. */
function majority(planes: Int32Array, n: number): number {
  let bits = 0;
  for (let bit = 0; bit < 32; bit++) {
    let ones = 0;
    for (let j = 0; j < PLANES; j++) ones |= ((planes[j]! >>> bit) & 1) << j;
    if (2 * ones > n) bits |= 1 << bit;
  }
  return bits;
}

/** The word and hashtag norms that make up a post's features, without a leading retweet marker. */
function featureWords(tokens: readonly Token[]): string[] {
  const words: string[] = [];
  let skipRetweet = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'word' && token.kind !== 'hashtag') continue;
    // "RT @brand: …" — the marker is followed by the mention it credits.
    if (!skipRetweet && words.length === 0 && token.norm === 'rt' && tokens[i + 1]?.kind === 'mention') {
      skipRetweet = true;
      continue;
    }
    words.push(token.norm);
  }
  return words;
}

/**
 * 64-bit SimHash of a post's tokens. Posts shorter than three words use their single words as
 * features; a post with no words at all hashes to 0n.
 */
export function simhash(tokens: readonly Token[]): bigint {
  const words = featureWords(tokens);
  if (words.length === 0) return 0n;
  // The counters are reused: simhash() is synchronous and not re-entrant.
  lowPlanes.fill(0);
  highPlanes.fill(0);

  const n = words.length;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = fnv1a32(words[i]!);
    hi[i] = murmurish32(words[i]!);
  }

  if (n < SHINGLE) {
    for (let i = 0; i < n; i++) {
      count(lowPlanes, fmix32(lo[i]!));
      count(highPlanes, hi[i]!);
    }
  } else {
    for (let i = 0; i + SHINGLE <= n; i++) {
      count(lowPlanes, combine(lo[i]!, lo[i + 1]!, lo[i + 2]!));
      count(highPlanes, combine(hi[i]!, hi[i + 1]!, hi[i + 2]!));
    }
  }

  // A bit is set when more features voted for it than against; ties stay 0.
  const features = n < SHINGLE ? n : n - SHINGLE + 1;
  const low = majority(lowPlanes, features);
  const high = majority(highPlanes, features);
  return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
}

/** Number of differing bits between two 64-bit hashes (values are taken modulo 2^64). */
export function hammingDistance(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(BITS, a ^ b);
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Posts at most this many bits apart are near-duplicates. */
export const MAX_DISTANCE = 3;
// Pigeonhole: split 64 bits into MAX_DISTANCE + 1 bands; two hashes that differ in at most 3 bits
// leave at least one of the 4 bands untouched, so every match shares an exact band with its query.
const BANDS = MAX_DISTANCE + 1;
const BAND_BITS = BITS / BANDS;
const BAND_MASK = (1n << BigInt(BAND_BITS)) - 1n;

type Entry = { id: string; hash: bigint; cluster: string; bands: number[]; seq: number };

export type NearDuplicateIndexOptions = {
  /**
   * How many posts to remember; when full, the oldest is forgotten. Without it the index grows with
   * every post, which a firehose must not do. Posts that arrive after their cluster's first post was
   * evicted still join the cluster if a remembered member is close enough.
   */
  maxEntries?: number;
};

/**
 * Online clustering of posts by SimHash. Each band value maps to the posts having it; a new post's
 * candidates are the posts sharing any band, and only those get a full distance check.
 */
export class NearDuplicateIndex {
  private readonly maxEntries: number;
  private readonly bandMaps: Map<number, Entry[]>[] = Array.from({ length: BANDS }, () => new Map());
  // Insertion-ordered, so the first key is always the oldest entry (what eviction removes).
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  constructor(options: NearDuplicateIndexOptions = {}) {
    const max = options.maxEntries ?? Number.POSITIVE_INFINITY;
    if (!(max >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.maxEntries = max;
  }

  /** Number of posts currently remembered. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Adds a post and returns its cluster id: the cluster of the nearest remembered post within
   * distance 3 (earliest on ties), or the post's own id when there is none. Re-adding a remembered id
   * returns its existing cluster without changing the index.
   */
  add(id: string, hash: bigint): string {
    const existing = this.entries.get(id);
    if (existing !== undefined) return existing.cluster;

    const value = BigInt.asUintN(BITS, hash);
    const bands = bandsOf(value);
    let best: Entry | undefined;
    let bestDistance = MAX_DISTANCE + 1;
    for (let band = 0; band < BANDS; band++) {
      const bucket = this.bandMaps[band]!.get(bands[band]!);
      if (bucket === undefined) continue;
      for (const candidate of bucket) {
        const distance = hammingDistance(value, candidate.hash);
        // On equal distance the earlier post wins, so results do not depend on band order.
        if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate.seq < best.seq)) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }

    const entry: Entry = { id, hash: value, cluster: best?.cluster ?? id, bands, seq: this.seq++ };
    this.entries.set(id, entry);
    for (let band = 0; band < BANDS; band++) {
      const map = this.bandMaps[band]!;
      const bucket = map.get(bands[band]!);
      if (bucket === undefined) map.set(bands[band]!, [entry]);
      else bucket.push(entry);
    }
    if (this.entries.size > this.maxEntries) this.evictOldest();
    return entry.cluster;
  }

  private evictOldest(): void {
    const oldest = this.entries.values().next().value;
    if (oldest === undefined) return;
    this.entries.delete(oldest.id);
    for (let band = 0; band < BANDS; band++) {
      const map = this.bandMaps[band]!;
      const bucket = map.get(oldest.bands[band]!);
      if (bucket === undefined) continue;
      // The oldest entry is first in each of its buckets, since buckets fill in insertion order.
      const at = bucket.indexOf(oldest);
      if (at >= 0) bucket.splice(at, 1);
      if (bucket.length === 0) map.delete(oldest.bands[band]!);
    }
  }
}

function bandsOf(value: bigint): number[] {
  const bands: number[] = [];
  for (let band = 0; band < BANDS; band++) bands.push(Number((value >> BigInt(band * BAND_BITS)) & BAND_MASK));
  return bands;
}
