// A workspace's correction model: multinomial logistic regression over a mention's features
// (features.ts) that learns where people disagree with the machine's label. The machine's label is a
// fixed head start (`prior`, added to its class's logit) and every weight starts at zero, so with no
// corrections the model says what the machine says, and with few the L2 penalty keeps it close.
//
// Trained by L-BFGS on the exact regularized objective (no sampling, no shuffling): the same examples
// always give the same weights, and the optimum does not depend on an order or a learning rate.
import { DENSE_FEATURES, type SparseFeatures } from './features.js';

/** A person's correction of one mention: what the machine said and what the person says it is. */
export type CorrectionExample = { id: string; features: SparseFeatures; machineLabel: string; label: string };

export type TrainOptions = {
  /** the labels, e.g. ['negative', 'neutral', 'positive'] or ['relevant', 'irrelevant'] */
  classes: readonly string[];
  /** L2 penalty on the summed log-loss: larger keeps the model closer to the machine (default 1) */
  l2?: number;
  /** L2 penalty of the dense features (bias, lexicon score and label): every correction moves them, so
   *  with few corrections they would swing the class balance; a stiffer penalty keeps them near 0 (default 3) */
  denseL2?: number;
  /** logit head start of the machine's label (default 1.5) */
  prior?: number;
  /** fewest corrections a feature must occur in to get a weight (default 2) */
  minFeatureCount?: number;
  maxIterations?: number;
};

export type Prediction = { label: string; probabilities: Record<string, number> };

/** A trained model: non-zero weights in an open-addressing table keyed by feature index. */
export type CorrectionModel = {
  classes: readonly string[];
  prior: number;
  /** feature index per slot, −1 for an empty slot; length a power of two */
  keys: Int32Array;
  /** keys.length × classes.length weights, slot-major */
  weights: Float64Array;
  /** number of features with a weight */
  size: number;
};

/** The JSON form stored per workspace: only features with a non-zero weight. */
export type SerializedModel = {
  version: 1;
  classes: string[];
  prior: number;
  /** [feature index, weight of class 0, weight of class 1, …] */
  weights: number[][];
};

export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
/** For relevance the machine's label is 'relevant': the query matched the mention. */
export const RELEVANCE_CLASSES = ['relevant', 'irrelevant'] as const;

export const DEFAULT_L2 = 1;
export const DEFAULT_DENSE_L2 = 3;
export const DEFAULT_PRIOR = 1.5;
export const DEFAULT_MIN_FEATURE_COUNT = 2;

// Fibonacci hashing, folded so that every bit of the product reaches the slot whatever the table size.
const slotOf = (feature: number, mask: number) => {
  const hash = Math.imul(feature, 0x9e3779b1);
  return (hash ^ (hash >>> 15)) & mask;
};

function buildModel(classes: readonly string[], prior: number, rows: number[][]): CorrectionModel {
  const k = classes.length;
  let capacity = 4;
  while (capacity < rows.length * 2) capacity *= 2;
  const keys = new Int32Array(capacity).fill(-1);
  const weights = new Float64Array(capacity * k);
  const mask = capacity - 1;
  for (const row of rows) {
    let slot = slotOf(row[0]!, mask);
    while (keys[slot] !== -1) slot = (slot + 1) & mask;
    keys[slot] = row[0]!;
    for (let c = 0; c < k; c++) weights[slot * k + c] = row[c + 1]!;
  }
  return { classes: [...classes], prior, keys, weights, size: rows.length };
}

/** The model of a workspace without corrections: it always agrees with the machine. */
export function emptyModel(classes: readonly string[], prior = DEFAULT_PRIOR): CorrectionModel {
  return buildModel(classes, prior, []);
}

// Logits of one mention into `out` (length k).
function logits(model: CorrectionModel, features: SparseFeatures, machineClass: number, out: Float64Array): void {
  const k = model.classes.length;
  const { keys, weights } = model;
  const mask = keys.length - 1;
  out.fill(0);
  if (machineClass >= 0) out[machineClass] = model.prior;
  if (model.size === 0) return;
  const { indices, values } = features;
  for (let i = 0; i < indices.length; i++) {
    const feature = indices[i]!;
    let slot = slotOf(feature, mask);
    let key = keys[slot]!;
    while (key !== feature && key !== -1) {
      slot = (slot + 1) & mask;
      key = keys[slot]!;
    }
    if (key === -1) continue;
    const value = values[i]!;
    const base = slot * k;
    for (let c = 0; c < k; c++) out[c]! += value * weights[base + c]!;
  }
}

let scratch = new Float64Array(4);

/** The label a workspace's model gives a mention, and the probability of each class. */
export function predict(model: CorrectionModel, features: SparseFeatures, machineLabel: string): Prediction {
  const k = model.classes.length;
  if (scratch.length < k) scratch = new Float64Array(k);
  const z = scratch;
  const machineClass = model.classes.indexOf(machineLabel);
  logits(model, features, machineClass, z);
  // Ties go to the machine's label, then to the first class.
  let best = machineClass >= 0 ? machineClass : 0;
  let max = z[best]!;
  for (let c = 0; c < k; c++) {
    if (z[c]! > max) {
      max = z[c]!;
      best = c;
    }
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(z[c]! - max);
  const probabilities: Record<string, number> = {};
  for (let c = 0; c < k; c++) probabilities[model.classes[c]!] = Math.exp(z[c]! - max) / sum;
  return { label: model.classes[best]!, probabilities };
}

/**
 * Fits the model to a workspace's corrections. Examples whose label is not one of `classes` are an
 * error: a caller maps its vocabulary first.
 */
export function trainModel(examples: readonly CorrectionExample[], options: TrainOptions): CorrectionModel {
  const classes = options.classes;
  const k = classes.length;
  const l2 = options.l2 ?? DEFAULT_L2;
  const prior = options.prior ?? DEFAULT_PRIOR;
  if (k < 2) throw new Error('a correction model needs at least two classes');
  if (!(l2 > 0)) throw new Error('l2 must be positive');
  if (examples.length === 0) return emptyModel(classes, prior);

  // Only features seen in at least `minFeatureCount` corrections get a weight: one seen once says
  // nothing about other mentions (and the L2 optimum of a feature never seen is 0 anyway), so the
  // optimizer works on that compact set instead of all 2^18 buckets.
  const minCount = options.minFeatureCount ?? DEFAULT_MIN_FEATURE_COUNT;
  const counts = new Map<number, number>();
  for (const example of examples) {
    const label = classes.indexOf(example.label);
    if (label === -1) throw new Error(`correction ${example.id}: label "${example.label}" is not one of ${classes.join(', ')}`);
    for (const feature of new Set(example.features.indices)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  }
  const compactOf = new Map<number, number>();
  const featureOf: number[] = [];
  for (const [feature, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (count < minCount) continue;
    compactOf.set(feature, featureOf.length);
    featureOf.push(feature);
  }
  const rows: { indices: Int32Array; values: Float64Array; label: number; machine: number }[] = [];
  for (const example of examples) {
    const { indices: fullIndices, values: fullValues } = example.features;
    let kept = 0;
    for (let i = 0; i < fullIndices.length; i++) if (compactOf.has(fullIndices[i]!)) kept++;
    const indices = new Int32Array(kept);
    const values = new Float64Array(kept);
    kept = 0;
    for (let i = 0; i < fullIndices.length; i++) {
      const compact = compactOf.get(fullIndices[i]!);
      if (compact === undefined) continue;
      indices[kept] = compact;
      values[kept++] = fullValues[i]!;
    }
    rows.push({ indices, values, label: classes.indexOf(example.label), machine: classes.indexOf(example.machineLabel) });
  }

  const denseL2 = options.denseL2 ?? DEFAULT_DENSE_L2;
  const penalty = new Float64Array(featureOf.length * k);
  for (let j = 0; j < featureOf.length; j++) penalty.fill(featureOf[j]! < DENSE_FEATURES ? denseL2 : l2, j * k, (j + 1) * k);

  const z = new Float64Array(k);
  // The regularized log-loss and its gradient at w.
  const objective = (w: Float64Array, gradient: Float64Array): number => {
    let loss = 0;
    for (let j = 0; j < w.length; j++) {
      loss += 0.5 * penalty[j]! * w[j]! * w[j]!;
      gradient[j] = penalty[j]! * w[j]!;
    }
    for (const row of rows) {
      z.fill(0);
      if (row.machine >= 0) z[row.machine] = prior;
      for (let i = 0; i < row.indices.length; i++) {
        const base = row.indices[i]! * k;
        const value = row.values[i]!;
        for (let c = 0; c < k; c++) z[c]! += value * w[base + c]!;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (z[c]! > max) max = z[c]!;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      loss -= Math.log(z[row.label]! / sum);
      for (let c = 0; c < k; c++) z[c] = z[c]! / sum - (c === row.label ? 1 : 0);
      for (let i = 0; i < row.indices.length; i++) {
        const base = row.indices[i]! * k;
        const value = row.values[i]!;
        for (let c = 0; c < k; c++) gradient[base + c]! += value * z[c]!;
      }
    }
    return loss;
  };

  const w = minimizeLbfgs(objective, featureOf.length * k, options.maxIterations ?? 200);

  // Six significant digits are plenty for a linear model and keep the stored JSON short; the model
  // in memory holds the same rounded numbers, so a stored and reloaded model predicts identically.
  const kept: number[][] = [];
  for (let j = 0; j < featureOf.length; j++) {
    const row = [featureOf[j]!];
    let nonZero = false;
    for (let c = 0; c < k; c++) {
      const weight = Number(w[j * k + c]!.toPrecision(6));
      if (weight !== 0) nonZero = true;
      row.push(weight);
    }
    if (nonZero) kept.push(row);
  }
  kept.sort((a, b) => a[0]! - b[0]!);
  return buildModel(classes, prior, kept);
}

/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, algorithm 7.4) with a backtracking
 * Armijo line search, from w = 0. The objective is smooth and strictly convex, so this converges to
 * its unique minimum; it stops when the gradient is small relative to the weights or the loss stalls.
 */
function minimizeLbfgs(objective: (w: Float64Array, gradient: Float64Array) => number, n: number, maxIterations: number): Float64Array {
  const memory = 8;
  let w = new Float64Array(n);
  let gradient = new Float64Array(n);
  let loss = objective(w, gradient);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(n);
  let nextW = new Float64Array(n);
  let nextGradient = new Float64Array(n);
  const dot = (a: Float64Array, b: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[i]! * b[i]!;
    return sum;
  };

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradientNorm = Math.sqrt(dot(gradient, gradient));
    if (gradientNorm <= 1e-6 * Math.max(1, Math.sqrt(dot(w, w)))) break;

    // Two-loop recursion: direction = −H·gradient.
    for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
    for (let m = s.length - 1; m >= 0; m--) {
      alpha[m] = rho[m]! * dot(s[m]!, direction);
      const ym = y[m]!;
      for (let i = 0; i < n; i++) direction[i]! -= alpha[m]! * ym[i]!;
    }
    const gamma = s.length === 0 ? 1 / gradientNorm : dot(s[s.length - 1]!, y[y.length - 1]!) / dot(y[y.length - 1]!, y[y.length - 1]!);
    for (let i = 0; i < n; i++) direction[i]! *= gamma;
    for (let m = 0; m < s.length; m++) {
      const beta = rho[m]! * dot(y[m]!, direction);
      const sm = s[m]!;
      for (let i = 0; i < n; i++) direction[i]! += (alpha[m]! - beta) * sm[i]!;
    }

    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]! / gradientNorm;
      slope = -gradientNorm;
    }
    let step = 1;
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) nextW[i] = w[i]! + step * direction[i]!;
      nextLoss = objective(nextW, nextGradient);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextLoss <= loss)) break; // no progress possible at machine precision

    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sNew[i] = nextW[i]! - w[i]!;
      yNew[i] = nextGradient[i]! - gradient[i]!;
    }
    const sy = dot(sNew, yNew);
    if (sy > 1e-12) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
    }
    [w, nextW] = [nextW, w];
    [gradient, nextGradient] = [nextGradient, gradient];
    const improvement = loss - nextLoss;
    loss = nextLoss;
    if (improvement <= 1e-10 * Math.max(1, Math.abs(loss))) break;
  }
  return w;
}

export function serializeModel(model: CorrectionModel): SerializedModel {
  const k = model.classes.length;
  const rows: number[][] = [];
  for (let slot = 0; slot < model.keys.length; slot++) {
    const feature = model.keys[slot]!;
    if (feature === -1) continue;
    const row = [feature];
    for (let c = 0; c < k; c++) row.push(model.weights[slot * k + c]!);
    rows.push(row);
  }
  rows.sort((a, b) => a[0]! - b[0]!);
  return { version: 1, classes: [...model.classes], prior: model.prior, weights: rows };
}

/** Rebuilds a model from its JSON form; throws on a shape it does not know. */
export function deserializeModel(json: unknown): CorrectionModel {
  const data = json as Partial<SerializedModel> | null;
  if (data === null || typeof data !== 'object' || data.version !== 1) throw new Error('not a version 1 correction model');
  const { classes, prior, weights } = data;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string')) throw new Error('correction model: bad classes');
  if (typeof prior !== 'number' || !Number.isFinite(prior)) throw new Error('correction model: bad prior');
  if (!Array.isArray(weights)) throw new Error('correction model: bad weights');
  const seen = new Set<number>();
  for (const row of weights) {
    if (!Array.isArray(row) || row.length !== classes.length + 1 || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Error('correction model: bad weight row');
    }
    const feature = row[0]!;
    if (!Number.isInteger(feature) || feature < 0 || feature > 0x7fffffff || seen.has(feature)) throw new Error('correction model: bad feature index');
    seen.add(feature);
  }
  return buildModel(classes, prior, weights);
}
