// `parley eval sentiment --input FILE [--lang xx]` (specs/cli.md): runs the product's sentiment
// analyser over a labelled file (`LABEL<TAB>TEXT` a line, LABEL a class word or a number in [-1, 1])
// and prints accuracy, macro-F1, Pearson r and per-class figures as one JSON object.
import { performance } from 'node:perf_hooks';
import { labelOf, scoreSentiment, type SentimentLabel } from '../modules/listening/enrich/sentiment.js';
import { readLabelledLines } from './labelled-file.js';
import { InputError } from './match.js';

type ClassReport = { precision: number; recall: number; f1: number; support: number };

export type SentimentEvalReport = {
  n: number;
  accuracy: number;
  macroF1: number;
  pearson: number | null;
  perClass: Record<SentimentLabel, ClassReport>;
  msPerItem: number;
};

const CLASSES: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const LANG = /^[a-z]{2}(?:[-_][a-z0-9]{2,8})*$/i;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]!;
    meanY += ys[i]!;
  }
  meanX /= n;
  meanY /= n;
  let cov = 0;
  let varX = 0;
  let varY = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    cov += dx * dy;
    varX += dx * dx;
    varY += dy * dy;
  }
  // Undefined when either side is constant (e.g. every text scored 0): null, not NaN in the JSON.
  if (varX === 0 || varY === 0) return null;
  return cov / Math.sqrt(varX * varY);
}

export async function runEvalSentiment(options: { input: string; lang?: string }): Promise<SentimentEvalReport> {
  if (options.lang !== undefined && !LANG.test(options.lang)) {
    throw new InputError(`--lang: "${options.lang}" is not an ISO 639-1 language code`);
  }
  const confusion = new Map<string, number>(); // "expected>predicted" → count
  // Pearson r is over the numeric labels only; with word labels there is nothing to correlate with.
  const numericLabels: number[] = [];
  const numericScores: number[] = [];
  let n = 0;
  let scoreMs = 0;
  for await (const { lineNumber, label, text } of readLabelledLines(options.input, 'LABEL<TAB>TEXT')) {
    let expected: SentimentLabel;
    let numeric: number | null = null;
    if (label === 'negative' || label === 'neutral' || label === 'positive') {
      expected = label;
    } else if (NUMBER.test(label) && Math.abs(Number(label)) <= 1) {
      numeric = Number(label);
      expected = labelOf(numeric);
    } else {
      throw new InputError(`${options.input}:${lineNumber}: label "${label}" is neither negative, neutral, positive nor a number in [-1, 1]`);
    }

    // Only the analyser is timed: file reading and bookkeeping are not what msPerItem is about.
    const started = performance.now();
    const result = scoreSentiment(text, options.lang);
    scoreMs += performance.now() - started;

    n++;
    const key = `${expected}>${result.label}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    if (numeric !== null) {
      numericLabels.push(numeric);
      numericScores.push(result.score);
    }
  }

  const count = (expected: SentimentLabel, predicted: SentimentLabel) => confusion.get(`${expected}>${predicted}`) ?? 0;
  let correct = 0;
  let f1Sum = 0;
  const perClass = {} as Record<SentimentLabel, ClassReport>;
  for (const cls of CLASSES) {
    const truePositives = count(cls, cls);
    correct += truePositives;
    let support = 0;
    let predicted = 0;
    for (const other of CLASSES) {
      support += count(cls, other);
      predicted += count(other, cls);
    }
    // A class never predicted (or never present) has precision (recall) 0, as scikit-learn reports it.
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1Sum += f1;
    perClass[cls] = { precision: round(precision, 4), recall: round(recall, 4), f1: round(f1, 4), support };
  }
  const r = pearson(numericScores, numericLabels);
  return {
    n,
    accuracy: round(correct / n, 4),
    macroF1: round(f1Sum / CLASSES.length, 4),
    pearson: r === null ? null : round(r, 4),
    perClass,
    msPerItem: round(scoreMs / n, 5),
  };
}
