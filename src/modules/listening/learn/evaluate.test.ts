import { describe, expect, it } from 'vitest';
import { isHeldOut, mcNemarPValue, scoreLabels, splitHoldout, trainWithHoldout } from './evaluate.js';
import { SENTIMENT_CLASSES, predict, serializeModel, type CorrectionExample } from './model.js';
import { correction, syntheticTexts } from './test-helpers.js';

const ids = Array.from({ length: 2000 }, (_, i) => ({ id: `mention-${i}` }));

describe('splitHoldout', () => {
  it('is disjoint, complete, near the share asked and the same every time', () => {
    const { train, heldOut } = splitHoldout(ids, 7, 0.2);
    const held = new Set(heldOut.map((x) => x.id));
    expect(train.some((x) => held.has(x.id))).toBe(false);
    expect(train.length + heldOut.length).toBe(ids.length);
    expect(heldOut.length).toBeGreaterThan(320);
    expect(heldOut.length).toBeLessThan(480);
    expect(splitHoldout(ids, 7, 0.2).heldOut).toEqual(heldOut);
    // Order of the corrections does not matter, and a new correction does not move old ones.
    expect(new Set(splitHoldout([...ids].reverse(), 7, 0.2).heldOut.map((x) => x.id))).toEqual(held);
    expect(isHeldOut('mention-3', 7, 0.2)).toBe(held.has('mention-3'));
  });

  it('holds out other corrections under another seed', () => {
    const a = splitHoldout(ids, 1, 0.2).heldOut.map((x) => x.id);
    const b = splitHoldout(ids, 2, 0.2).heldOut.map((x) => x.id);
    expect(b).not.toEqual(a);
  });
});

describe('scoreLabels', () => {
  it('computes accuracy and macro-F1 over every class', () => {
    const scores = scoreLabels(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], ['a', 'b', 'c']);
    expect(scores.accuracy).toBe(0.75);
    // a: P 1, R 0.5, F1 2/3; b: P 2/3, R 1, F1 0.8; c: 0
    expect(scores.macroF1).toBeCloseTo((2 / 3 + 0.8 + 0) / 3, 12);
  });
});

describe('mcNemarPValue', () => {
  it('is the exact one-sided binomial tail', () => {
    expect(mcNemarPValue(5, 0)).toBeCloseTo(1 / 32, 12);
    expect(mcNemarPValue(3, 1)).toBeCloseTo(5 / 16, 12);
    expect(mcNemarPValue(1, 1)).toBe(1);
    expect(mcNemarPValue(0, 4)).toBe(1);
    const large = mcNemarPValue(600, 400);
    expect(large).toBeGreaterThan(0);
    expect(large).toBeLessThan(1e-9);
    expect(mcNemarPValue(520, 480)).toBeGreaterThan(0.05);
  });
});

// Mentions of "brandword" corrected to negative, the rest as the machine said.
function workspace(brand: number, other: number): CorrectionExample[] {
  return [
    ...syntheticTexts(brand, 'brandword ').map((text, i) => correction(`b${i}`, text, 'negative')),
    ...syntheticTexts(other).map((text, i) => correction(`o${i}`, text)),
  ];
}

describe('trainWithHoldout', () => {
  it('measures a gain on held-out corrections and deploys the model', () => {
    const examples = workspace(150, 350);
    const result = trainWithHoldout(examples, { classes: SENTIMENT_CLASSES, seed: 1, holdoutShare: 0.2 });
    expect(result.trainedOn).toBe(500);
    expect(result.heldOut.n).toBe(splitHoldout(examples, 1, 0.2).heldOut.length);
    expect(result.heldOut.after.accuracy).toBeGreaterThan(result.heldOut.before.accuracy + 0.1);
    expect(result.heldOut.after.macroF1).toBeGreaterThan(result.heldOut.before.macroF1);
    expect(result.heldOut.fixed).toBeGreaterThan(result.heldOut.broken);
    expect(result.heldOut.pValue).toBeLessThan(0.1);
    expect(result.deploy).toMatchObject({ use: true, reason: 'better_than_machine' });
    const brand = correction('x', 'brandword opens a store');
    expect(predict(result.model, brand.features, brand.machineLabel).label).toBe('negative');
  });

  it('is deterministic for a seed', () => {
    const examples = workspace(100, 200);
    const a = trainWithHoldout(examples, { classes: SENTIMENT_CLASSES, seed: 3 });
    const b = trainWithHoldout(examples, { classes: SENTIMENT_CLASSES, seed: 3 });
    expect(b.heldOut).toEqual(a.heldOut);
    expect(serializeModel(b.model)).toEqual(serializeModel(a.model));
  });

  it('keeps the machine labels with too few corrections to measure', () => {
    const result = trainWithHoldout(workspace(10, 10), { classes: SENTIMENT_CLASSES, seed: 1 });
    expect(result.heldOut.n).toBeLessThan(15);
    expect(result.deploy).toMatchObject({ use: false, reason: 'too_few_held_out' });
  });

  it('keeps the machine labels when people agree with the machine', () => {
    const result = trainWithHoldout(workspace(0, 300), { classes: SENTIMENT_CLASSES, seed: 1 });
    expect(result.heldOut.before.accuracy).toBe(1);
    expect(result.deploy.use).toBe(false);
    expect(result.deploy.reason).toBe('no_gain');
  });
});
