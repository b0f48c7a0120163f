// SimHash features and the band index: retweets and link/handle swaps must collide, unrelated posts
// must not, and the index must stay bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/analyze.js';
import { NearDuplicateIndex, hammingDistance, simhash } from './near-duplicates.js';

const hash = (text: string) => simhash(tokenize(text));

const BASE =
  'my order from last week still has not arrived and customer support keeps sending the same useless reply every single day';

describe('simhash', () => {
  it('gives identical text distance 0', () => {
    expect(hammingDistance(hash(BASE), hash(BASE))).toBe(0);
  });

  it('ignores a retweet marker, mentions and links', () => {
    const retweet = hash(`RT @brand: ${BASE} https://t.co/abc123`);
    const copy = hash(`@someone_else ${BASE} https://bit.ly/other`);
    expect(hammingDistance(retweet, copy)).toBe(0);
    expect(hammingDistance(retweet, hash(BASE))).toBe(0);
  });

  it('puts a one-word edit far closer than unrelated text', () => {
    // A one-word edit changes 3 of the 18 shingles of a 20-word post; SimHash then differs in about
    // 11 of 64 bits (median over random posts), so such edits are mostly NOT within distance 3.
    const words = BASE.split(' ').slice(0, 20);
    const edited = [...words];
    edited[10] = 'constantly';
    const distance = hammingDistance(hash(words.join(' ')), hash(edited.join(' ')));
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeLessThan(20);
    const unrelated = hash('the new camera takes lovely photos at night and the battery lasts two full days of heavy use');
    expect(hammingDistance(hash(words.join(' ')), unrelated)).toBeGreaterThan(distance);
  });

  it('uses single words for posts shorter than three words, and hashes no words to 0', () => {
    expect(hash('refund please')).not.toBe(0n);
    expect(hash('refund please')).toBe(hash('Refund PLEASE!'));
    expect(hash('@brand https://x.com')).toBe(0n);
  });

  it('is deterministic, and hammingDistance is symmetric and 0 for equal hashes', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(hash(text)).toBe(hash(text));
      }),
    );
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(u64, u64, (a, b) => {
        expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
        expect(hammingDistance(a, a)).toBe(0);
        const d = hammingDistance(a, b);
        expect(d >= 0 && d <= 64).toBe(true);
      }),
    );
  });
});

describe('NearDuplicateIndex', () => {
  it('clusters a retweet and a copy with other links and handles under the first post', () => {
    const index = new NearDuplicateIndex();
    expect(index.add('p1', hash(`RT @brand: ${BASE}`))).toBe('p1');
    expect(index.add('p2', hash(`${BASE} https://t.co/zzz @acme`))).toBe('p1');
    expect(index.add('p3', hash('the new camera takes lovely photos at night and the battery lasts two full days'))).toBe('p3');
  });

  it('joins any hash within distance 3 and no hash at distance 4', () => {
    const index = new NearDuplicateIndex();
    const h = 0x0123_4567_89ab_cdefn;
    index.add('a', h);
    // Flips spread across bands and all in one band both have to be found.
    expect(index.add('b', h ^ (1n | (1n << 20n) | (1n << 40n)))).toBe('a');
    expect(index.add('c', h ^ 0b111n)).toBe('a');
    const far = new NearDuplicateIndex();
    far.add('a', h);
    expect(far.add('d', h ^ 0b1111n)).toBe('d');
    expect(far.add('e', h ^ ((1n << 63n) | (1n << 47n) | (1n << 31n) | (1n << 15n)))).toBe('e');
  });

  it('returns the existing cluster when an id is added again', () => {
    const index = new NearDuplicateIndex();
    index.add('a', 5n);
    expect(index.add('a', 99999999n)).toBe('a');
    expect(index.size).toBe(1);
  });

  it('keeps memory bounded with maxEntries, forgetting the oldest posts', () => {
    const index = new NearDuplicateIndex({ maxEntries: 3 });
    const h = (i: number) => BigInt(i) * 0x9e37_79b9_7f4a_7c15n & ((1n << 64n) - 1n);
    for (let i = 0; i < 100; i++) index.add(`p${i}`, h(i));
    expect(index.size).toBe(3);
    // p0 is gone, so its exact hash starts a new cluster; p99 is remembered.
    expect(index.add('again0', h(0))).toBe('again0');
    expect(index.add('again99', h(99))).toBe('p99');
    expect(index.size).toBe(3);
    expect(() => new NearDuplicateIndex({ maxEntries: 0 })).toThrow(RangeError);
  });
});
