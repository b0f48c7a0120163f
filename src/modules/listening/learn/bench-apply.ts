// Benchmark, not a test: how long applying a workspace's correction model adds per mention (feature
// extraction from the analysis and lexicon score the pipeline already has, then the prediction).
// Target: ≤ 20 µs. Run: npx tsx src/modules/listening/learn/bench-apply.ts
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../../lib/seeded-random.js';
import { scoreSentiment } from '../enrich/sentiment.js';
import { analyzePost } from '../text/analyze.js';
import { extractFeatures } from './features.js';
import { SENTIMENT_CLASSES, deserializeModel, predict, serializeModel, trainModel, type CorrectionExample } from './model.js';

// Seeded, so every run measures the same posts.
const random = seededRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const WORDS = 'the a to and is it this that my your not no very really so love hate great good bad awful terrible fine new old app phone update service support order price delivery team store battery screen camera launch today tomorrow again never always best worst ever still just got wait help please thanks why how what when'.split(' ');
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'vo', 'sen', 'ra', 'dul', 'pe', 'zan', 'qui', 'bo'];
const EXTRAS = ['#launch', '#fail', '@parley', '@support', 'https://example.com/p/1', '😍', '😡', '🙏', '!!', '?'];

function randomPost(i: number): string {
  const length = 8 + Math.floor(random() * 20);
  const words: string[] = [];
  for (let w = 0; w < length; w++) {
    const r = random();
    if (r < 0.7) words.push(pick(WORDS));
    else if (r < 0.9) words.push(pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES)); // a long tail of rare words
    else words.push(pick(EXTRAS));
  }
  return `${words.join(' ')} ${i % 3 === 0 ? 'brandword' : ''}`;
}

const posts = Array.from({ length: 5000 }, (_, i) => {
  const text = randomPost(i);
  return { analyzed: analyzePost({ id: String(i), text, lang: 'en' }), machine: scoreSentiment(text, 'en') };
});
const corrections: CorrectionExample[] = posts.slice(0, 2000).map(({ analyzed, machine }, i) => ({
  id: String(i),
  features: extractFeatures(analyzed, machine),
  machineLabel: machine.label,
  label: analyzed.post.text.includes('brandword') ? 'negative' : pick(SENTIMENT_CLASSES),
}));

let started = performance.now();
const trained = trainModel(corrections, { classes: SENTIMENT_CLASSES });
const trainMs = performance.now() - started;
const json = JSON.stringify(serializeModel(trained));
const model = deserializeModel(JSON.parse(json));

const time = (label: string, run: () => number): void => {
  const rounds = 20;
  let sink = 0;
  sink += run(); // warm-up: let the JIT compile the hot path first
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    started = performance.now();
    sink += run();
    best = Math.min(best, performance.now() - started);
  }
  if (sink < 0) throw new Error('unreachable');
  console.log(`${label}: ${((best / posts.length) * 1000).toFixed(2)} µs per post (best of ${rounds} rounds of ${posts.length})`);
};

console.log(`trained on ${corrections.length} corrections in ${trainMs.toFixed(0)} ms; ${model.size} weighted features; ${(json.length / 1024).toFixed(0)} KiB of JSON`);
time('extractFeatures', () => {
  let n = 0;
  for (const { analyzed, machine } of posts) n += extractFeatures(analyzed, machine).indices.length;
  return n;
});
time('extractFeatures + predict', () => {
  let n = 0;
  for (const { analyzed, machine } of posts) n += predict(model, extractFeatures(analyzed, machine), machine.label).label.length;
  return n;
});
