// `parley eval learning`: a workspace's corrections (train file) against the machine on a test file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runEvalLearning } from './eval-learning.js';
import { InputError } from './match.js';

let dir: string;
const file = async (name: string, lines: string[]) => {
  const target = path.join(dir, name);
  await writeFile(target, `${lines.join('\n')}\n`);
  return target;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-eval-learning-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

// In this workspace every mention of "brandword" is negative, whatever the lexicon says of it.
const subjects = ['the app', 'our team', 'this phone', 'the update', 'my order', 'the store', 'that show', 'support'];
const endings = ['is great', 'looks fine', 'is here', 'was terrible', 'is new', 'is slow', 'opened today', 'is lovely'];
const lines = (from: number, to: number) => {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const text = `${subjects[i % subjects.length]} ${endings[Math.floor(i / subjects.length) % endings.length]} #${i}`;
    out.push(i % 3 === 0 ? `negative\tbrandword ${text}` : `${/great|fine|lovely/.test(text) ? 'positive' : /terrible|slow/.test(text) ? 'negative' : 'neutral'}\t${text}`);
  }
  return out;
};

it('reports the machine and the learned model on the test file', async () => {
  const report = await runEvalLearning({ train: await file('train.tsv', lines(0, 300)), test: await file('test.tsv', lines(300, 400)) });
  expect(report.trainN).toBe(300);
  expect(report.testN).toBe(100);
  expect(report.after.accuracy).toBeGreaterThan(report.before.accuracy + 0.1);
  expect(report.after.macroF1).toBeGreaterThan(report.before.macroF1);
  expect(report.msPerItemApply).toBeGreaterThan(0);
});

it('rejects a bad label naming the file and line', async () => {
  const train = await file('bad.tsv', ['positive\tok', 'happy\tnope']);
  await expect(runEvalLearning({ train, test: train })).rejects.toThrow(InputError);
  await expect(runEvalLearning({ train, test: train })).rejects.toThrow(/bad\.tsv:2/);
  await expect(runEvalLearning({ train, test: train, lang: 'english' })).rejects.toThrow(/--lang/);
});
