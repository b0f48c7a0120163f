// Measures what a workspace's corrections are worth before its model is used: a held-out share of
// the corrections (chosen by id, so the same corrections always split the same way) is labelled by
// the machine and by a model trained on the rest; the model is deployed only if it does no worse.
import { trainModel, predict, type CorrectionExample, type CorrectionModel, type TrainOptions } from './model.js';

export type Scores = { accuracy: number; macroF1: number };

export type DeployReason = 'too_few_held_out' | 'worse_than_machine' | 'no_gain' | 'not_significant' | 'better_than_machine';

/** Held-out comparison: scores, and how many labels the model fixed and broke relative to the machine. */
export type Comparison = {
  before: Scores;
  after: Scores;
  /** held-out mentions the machine got wrong and the model right */
  fixed: number;
  /** held-out mentions the machine got right and the model wrong */
  broken: number;
};

export type HoldoutResult = {
  /** trained on every example, after the held-out measurement */
  model: CorrectionModel;
  heldOut: Comparison & {
    n: number;
    /** one-sided exact McNemar p-value of "the model fixes more than it breaks" (1 when it does not) */
    pValue: number;
  };
  /** number of examples the deployed model was trained on (all of them) */
  trainedOn: number;
  /** whether to label the workspace's mentions with the model (else keep the machine's labels), and why */
  deploy: { use: boolean; reason: DeployReason; message: string };
};

export type HoldoutOptions = TrainOptions & {
  /** salts the split: another seed holds out other corrections */
  seed: number;
  /** share of the corrections held out, in (0, 1); default 0.2 */
  holdoutShare?: number;
  /** fewest held-out corrections for which a measured gain is trusted; default 15 (the McNemar test guards small sets too) */
  minHeldOut?: number;
  /** largest McNemar p-value at which a gain is taken as real; default 0.1 */
  maxPValue?: number;
};

export const DEFAULT_HOLDOUT_SHARE = 0.2;
export const DEFAULT_MIN_HELD_OUT = 15;
export const DEFAULT_MAX_P_VALUE = 0.1;

/** Whether a correction is held out: a hash of seed and id, so adding corrections never moves old ones. */
export function isHeldOut(id: string, seed: number, holdoutShare: number): boolean {
  let hash = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32 < holdoutShare;
}

export function splitHoldout<T extends { id: string }>(examples: readonly T[], seed: number, holdoutShare = DEFAULT_HOLDOUT_SHARE): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const example of examples) (isHeldOut(example.id, seed, holdoutShare) ? heldOut : train).push(example);
  return { train, heldOut };
}

/** Accuracy and macro-F1 over `classes` (a class never predicted nor present scores 0, as in eval sentiment). */
export function scoreLabels(expected: readonly string[], predicted: readonly string[], classes: readonly string[]): Scores {
  if (expected.length === 0) return { accuracy: 0, macroF1: 0 };
  let correct = 0;
  let f1Sum = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i] === predicted[i]) correct++;
  for (const cls of classes) {
    let truePositives = 0;
    let support = 0;
    let predictedCount = 0;
    for (let i = 0; i < expected.length; i++) {
      if (expected[i] === cls) support++;
      if (predicted[i] === cls) predictedCount++;
      if (expected[i] === cls && predicted[i] === cls) truePositives++;
    }
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  return { accuracy: correct / expected.length, macroF1: f1Sum / classes.length };
}

/** Machine labels and the model's labels of `examples`, scored against the people's labels. */
export function compareWithMachine(model: CorrectionModel, examples: readonly CorrectionExample[]): Comparison {
  const expected = examples.map((example) => example.label);
  const machine = examples.map((example) => example.machineLabel);
  const learned = examples.map((example) => predict(model, example.features, example.machineLabel).label);
  let fixed = 0;
  let broken = 0;
  for (let i = 0; i < expected.length; i++) {
    if (machine[i] !== expected[i] && learned[i] === expected[i]) fixed++;
    if (machine[i] === expected[i] && learned[i] !== expected[i]) broken++;
  }
  return { before: scoreLabels(expected, machine, model.classes), after: scoreLabels(expected, learned, model.classes), fixed, broken };
}

/**
 * P(X ≥ fixed) for X ~ Binomial(fixed + broken, 1/2): how likely the model would fix at least this
 * many of the labels it changed if fixing and breaking were a coin toss (exact McNemar test).
 */
export function mcNemarPValue(fixed: number, broken: number): number {
  const n = fixed + broken;
  if (fixed <= broken) return 1;
  // Log-space binomial coefficients: 2^-n underflows past n ≈ 1000.
  let logChoose = 0; // log C(n, 0)
  let tail = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
    if (k >= fixed) tail += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.min(1, tail);
}

/**
 * Measures a model trained on most of the corrections against the machine on the rest, then trains
 * the model to deploy on all of them. The model is used only when the held-out set is large enough,
 * the model is no worse than the machine on accuracy and macro-F1 and better on at least one, and it
 * fixes significantly more held-out labels than it breaks (McNemar), so a lucky split does not count.
 */
export function trainWithHoldout(examples: readonly CorrectionExample[], options: HoldoutOptions): HoldoutResult {
  const holdoutShare = options.holdoutShare ?? DEFAULT_HOLDOUT_SHARE;
  const minHeldOut = options.minHeldOut ?? DEFAULT_MIN_HELD_OUT;
  if (!(holdoutShare > 0 && holdoutShare < 1)) throw new Error('holdoutShare must be in (0, 1)');
  const maxPValue = options.maxPValue ?? DEFAULT_MAX_P_VALUE;
  const { seed, holdoutShare: _share, minHeldOut: _min, maxPValue: _p, ...trainOptions } = options;

  const split = splitHoldout(examples, seed, holdoutShare);
  const measured = trainModel(split.train, trainOptions);
  const comparison = compareWithMachine(measured, split.heldOut);
  const { before, after, fixed, broken } = comparison;
  const n = split.heldOut.length;
  const pValue = mcNemarPValue(fixed, broken);

  let deploy: HoldoutResult['deploy'];
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const figures = `accuracy ${percent(before.accuracy)} → ${percent(after.accuracy)}, macro-F1 ${percent(before.macroF1)} → ${percent(after.macroF1)} on ${n} held-out corrections; ${fixed} labels fixed, ${broken} broken`;
  if (n < minHeldOut) {
    deploy = { use: false, reason: 'too_few_held_out', message: `only ${n} held-out corrections (at least ${minHeldOut} needed to trust a gain); keeping the machine's labels` };
  } else if (after.accuracy < before.accuracy || after.macroF1 < before.macroF1) {
    deploy = { use: false, reason: 'worse_than_machine', message: `the model does worse than the machine (${figures}); keeping the machine's labels` };
  } else if (after.accuracy === before.accuracy && after.macroF1 === before.macroF1) {
    deploy = { use: false, reason: 'no_gain', message: `the model does no better than the machine (${figures}); keeping the machine's labels` };
  } else if (pValue > maxPValue) {
    deploy = { use: false, reason: 'not_significant', message: `the model's gain could be chance (${figures}, p = ${pValue.toFixed(2)}); keeping the machine's labels` };
  } else {
    deploy = { use: true, reason: 'better_than_machine', message: `the model does better than the machine (${figures})` };
  }

  return {
    model: trainModel(examples, trainOptions),
    heldOut: { n, ...comparison, pValue },
    trainedOn: examples.length,
    deploy,
  };
}
