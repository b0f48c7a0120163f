// `parley eval learning --train FILE --test FILE [--lang xx]`: what learning from people's
// corrections is worth. The train file (`LABEL<TAB>TEXT` a line, as `parley eval sentiment` reads)
// stands for one workspace's sentiment corrections; the test file is scored by the machine alone
// ("before") and by the correction model trained on the train file ("after").
import { performance } from 'node:perf_hooks';
import { labelOf, scoreSentiment, type SentimentLabel } from '../modules/listening/enrich/sentiment.js';
import { extractFeatures } from '../modules/listening/learn/features.js';
import { compareWithMachine, type Scores } from '../modules/listening/learn/evaluate.js';
import { SENTIMENT_CLASSES, predict, trainModel, type CorrectionExample } from '../modules/listening/learn/model.js';
import { analyzePost } from '../modules/listening/text/analyze.js';
import { readLabelledLines } from './labelled-file.js';
import { InputError } from './match.js';

export type LearningEvalReport = {
  trainN: number;
  testN: number;
  before: Scores;
  after: Scores;
  /** feature extraction and prediction per test item (analysis and lexicon scoring, which the pipeline does anyway, excluded) */
  msPerItemApply: number;
  /** training time on the whole train file */
  trainMs: number;
};

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const LANG = /^[a-z]{2}(?:[-_][a-z0-9]{2,8})*$/i;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

type Item = { example: CorrectionExample; text: string };

async function readExamples(file: string, lang: string | undefined): Promise<Item[]> {
  const items: Item[] = [];
  for await (const { lineNumber, label, text } of readLabelledLines(file, 'LABEL<TAB>TEXT')) {
    let expected: SentimentLabel;
    if (label === 'negative' || label === 'neutral' || label === 'positive') expected = label;
    else if (NUMBER.test(label) && Math.abs(Number(label)) <= 1) expected = labelOf(Number(label));
    else throw new InputError(`${file}:${lineNumber}: label "${label}" is neither negative, neutral, positive nor a number in [-1, 1]`);
    const id = `${file}:${lineNumber}`;
    const analyzed = analyzePost({ id, text, lang });
    const machine = scoreSentiment(text, lang);
    items.push({ text, example: { id, features: extractFeatures(analyzed, machine), machineLabel: machine.label, label: expected } });
  }
  return items;
}

export async function runEvalLearning(options: { train: string; test: string; lang?: string }): Promise<LearningEvalReport> {
  if (options.lang !== undefined && !LANG.test(options.lang)) {
    throw new InputError(`--lang: "${options.lang}" is not an ISO 639-1 language code`);
  }
  const train = await readExamples(options.train, options.lang);
  const test = await readExamples(options.test, options.lang);

  const trainStarted = performance.now();
  const model = trainModel(
    train.map((item) => item.example),
    { classes: SENTIMENT_CLASSES },
  );
  const trainMs = performance.now() - trainStarted;

  const { before, after } = compareWithMachine(model, test.map((item) => item.example));

  // What the pipeline adds per mention once a workspace has a model: features from the analysis and
  // lexicon score it already has, then the prediction. Repeated so the figure is not timer noise.
  const prepared = test.map((item) => ({ analyzed: analyzePost({ id: item.example.id, text: item.text, lang: options.lang }), machine: scoreSentiment(item.text, options.lang) }));
  const rounds = Math.max(1, Math.ceil(20_000 / prepared.length));
  let sink = 0;
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const { analyzed, machine } of prepared) sink += predict(model, extractFeatures(analyzed, machine), machine.label).label.length;
  }
  const applyMs = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');

  return {
    trainN: train.length,
    testN: test.length,
    before: { accuracy: round(before.accuracy, 4), macroF1: round(before.macroF1, 4) },
    after: { accuracy: round(after.accuracy, 4), macroF1: round(after.macroF1, 4) },
    msPerItemApply: round(applyMs / (rounds * prepared.length), 5),
    trainMs: Math.round(trainMs),
  };
}
