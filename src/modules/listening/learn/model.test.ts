import { describe, expect, it } from 'vitest';
import { RELEVANCE_CLASSES, SENTIMENT_CLASSES, deserializeModel, emptyModel, predict, serializeModel, trainModel, type CorrectionExample } from './model.js';
import { correction, syntheticTexts } from './test-helpers.js';

// A workspace where "brandword" is a competitor: every mention of it is, to these people, negative.
function brandwordCorrections(): CorrectionExample[] {
  const examples: CorrectionExample[] = [];
  syntheticTexts(60, 'brandword ').forEach((text, i) => examples.push(correction(`b${i}`, text, 'negative')));
  syntheticTexts(140).forEach((text, i) => examples.push(correction(`o${i}`, text)));
  return examples;
}

const unseen = ['brandword opens a store today', 'brandword is great', 'the team is great', 'my order is terrible', 'new colours this spring'];

describe('trainModel', () => {
  it('learns a correction pattern and keeps the machine label elsewhere', () => {
    const model = trainModel(brandwordCorrections(), { classes: SENTIMENT_CLASSES });
    const brand = correction('t1', 'brandword opens a store today');
    expect(brand.machineLabel).toBe('neutral');
    expect(predict(model, brand.features, brand.machineLabel).label).toBe('negative');
    const brandPositive = correction('t2', 'brandword is great');
    expect(brandPositive.machineLabel).toBe('positive');
    expect(predict(model, brandPositive.features, brandPositive.machineLabel).label).toBe('negative');
    for (const text of ['the team is great', 'my order is terrible', 'new colours this spring']) {
      const other = correction('t', text);
      expect(predict(model, other.features, other.machineLabel).label).toBe(other.machineLabel);
    }
  });

  it('gives probabilities that add up to 1', () => {
    const model = trainModel(brandwordCorrections(), { classes: SENTIMENT_CLASSES });
    const { probabilities } = predict(model, correction('t', 'brandword today').features, 'neutral');
    expect(Object.keys(probabilities).sort()).toEqual([...SENTIMENT_CLASSES].sort());
    expect(Object.values(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(probabilities.negative).toBeGreaterThan(0.5);
  });

  it('learns relevance (two classes) the same way', () => {
    const examples = [
      ...syntheticTexts(50, 'giveaway retweet to win ').map((text, i) => correction(`g${i}`, text, 'irrelevant')),
      ...syntheticTexts(100).map((text, i) => correction(`r${i}`, text, 'relevant')),
    ].map((example) => ({ ...example, machineLabel: 'relevant' }));
    const model = trainModel(examples, { classes: RELEVANCE_CLASSES });
    expect(predict(model, correction('x', 'giveaway! retweet to win a phone').features, 'relevant').label).toBe('irrelevant');
    expect(predict(model, correction('y', 'the phone battery is weak').features, 'relevant').label).toBe('relevant');
  });

  it('agrees with the machine when there are no corrections', () => {
    const texts = ['I love it', 'I hate it', 'it is a phone', 'not bad at all', '😡😡', ''];
    for (const model of [trainModel([], { classes: SENTIMENT_CLASSES }), emptyModel(SENTIMENT_CLASSES)]) {
      for (const text of texts) {
        const example = correction('t', text);
        expect(predict(model, example.features, example.machineLabel).label).toBe(example.machineLabel);
      }
    }
  });

  it('agrees with the machine when people only confirmed its labels', () => {
    const model = trainModel(syntheticTexts(100).map((text, i) => correction(`c${i}`, text)), { classes: SENTIMENT_CLASSES });
    for (const text of [...unseen, ...syntheticTexts(30, 'hello ')]) {
      const example = correction('t', text);
      expect(predict(model, example.features, example.machineLabel).label).toBe(example.machineLabel);
    }
  });

  it('is deterministic and independent of the order of the corrections', () => {
    const examples = brandwordCorrections();
    const a = serializeModel(trainModel(examples, { classes: SENTIMENT_CLASSES }));
    const b = serializeModel(trainModel(examples, { classes: SENTIMENT_CLASSES }));
    expect(b).toEqual(a);
    const reversed = serializeModel(trainModel([...examples].reverse(), { classes: SENTIMENT_CLASSES }));
    expect(reversed.weights.length).toBe(a.weights.length);
    for (let i = 0; i < a.weights.length; i++) {
      expect(reversed.weights[i]![0]).toBe(a.weights[i]![0]);
      for (let c = 1; c <= 3; c++) expect(reversed.weights[i]![c]).toBeCloseTo(a.weights[i]![c]!, 3);
    }
  });

  it('rejects a label outside its classes', () => {
    expect(() => trainModel([correction('x', 'hi', 'angry')], { classes: SENTIMENT_CLASSES })).toThrow(/angry/);
  });
});

describe('serializeModel / deserializeModel', () => {
  it('round-trips through JSON with identical predictions', () => {
    const model = trainModel(brandwordCorrections(), { classes: SENTIMENT_CLASSES });
    const json = JSON.stringify(serializeModel(model));
    const restored = deserializeModel(JSON.parse(json));
    for (const text of [...unseen, ...syntheticTexts(40, 'brandword ')]) {
      const example = correction('t', text);
      expect(predict(restored, example.features, example.machineLabel)).toEqual(predict(model, example.features, example.machineLabel));
    }
    expect(JSON.stringify(serializeModel(restored))).toBe(json);
  });

  it('stores only features with a weight', () => {
    const model = trainModel(brandwordCorrections(), { classes: SENTIMENT_CLASSES });
    const { weights } = serializeModel(model);
    expect(weights.length).toBe(model.size);
    for (const row of weights) expect(row.slice(1).some((w) => w !== 0)).toBe(true);
    expect(serializeModel(emptyModel(SENTIMENT_CLASSES)).weights).toEqual([]);
  });

  it('rejects what is not a model', () => {
    expect(() => deserializeModel(null)).toThrow();
    expect(() => deserializeModel({ version: 2 })).toThrow();
    expect(() => deserializeModel({ version: 1, classes: ['a', 'b'], prior: 1, weights: [[1, 0.5]] })).toThrow(/row/);
    expect(() => deserializeModel({ version: 1, classes: ['a', 'b'], prior: 1, weights: [[1, 0.5, 1], [1, 0, 1]] })).toThrow(/index/);
  });
});
