import { describe, expect, it } from 'vitest';
import { scoreSentiment } from '../enrich/sentiment.js';
import { analyzePost } from '../text/analyze.js';
import { FEATURE_DIMENSION, extractFeatures, type SparseFeatures } from './features.js';

const featuresOf = (text: string, lang = 'en'): SparseFeatures => extractFeatures(analyzePost({ id: '1', text, lang }), scoreSentiment(text, lang));
const asMap = (features: SparseFeatures) => {
  const map = new Map<number, number>();
  features.indices.forEach((index, i) => map.set(index, (map.get(index) ?? 0) + features.values[i]!));
  return map;
};

describe('extractFeatures', () => {
  it('gives the same vector for the same post, and within the hashed dimension', () => {
    const a = featuresOf('Loving the new update 😍 #release @parley https://example.com/x');
    const b = featuresOf('Loving the new update 😍 #release @parley https://example.com/x');
    expect([...a.indices]).toEqual([...b.indices]);
    expect([...a.values]).toEqual([...b.values]);
    for (const index of a.indices) expect(index).toBeLessThan(FEATURE_DIMENSION);
    expect(a.indices.length).toBe(a.values.length);
  });

  it('carries the lexicon score and label as dense features', () => {
    const positive = asMap(featuresOf('this is wonderful and great'));
    const negative = asMap(featuresOf('this is awful and terrible'));
    expect(positive.get(1)!).toBeGreaterThan(0.3);
    expect(negative.get(1)!).toBeLessThan(-0.3);
    expect(positive.get(5)).toBe(1);
    expect(positive.has(3)).toBe(false);
    expect(negative.get(3)).toBe(1);
  });

  it('tells a negated word from the plain one, and word order from a bag of words', () => {
    const good = asMap(featuresOf('the food is good'));
    const notGood = asMap(featuresOf('the food is not good'));
    const extra = [...notGood.keys()].filter((index) => !good.has(index));
    // "not", "is not", "not good" and the negated "good": more than the two plain n-grams "not" adds
    expect(extra.length).toBeGreaterThanOrEqual(4);
    const ab = featuresOf('alpha beta');
    const ba = featuresOf('beta alpha');
    expect(new Set(ab.indices)).not.toEqual(new Set(ba.indices));
  });

  it('tells a hashtag from the same word, and one language from another', () => {
    const word = new Set(featuresOf('fail').indices);
    const hashtag = new Set(featuresOf('#fail').indices);
    expect(word).not.toEqual(hashtag);
    expect(new Set(featuresOf('bonjour', 'fr').indices)).not.toEqual(new Set(featuresOf('bonjour', 'de').indices));
  });

  it('handles an empty post', () => {
    const features = featuresOf('');
    expect(features.indices.length).toBeGreaterThan(0);
    expect(asMap(features).get(0)).toBe(1);
  });
});
