// `parley eval sentiment` exactly as specs/cli.md says: one JSON report on stdout for a
// LABEL<TAB>TEXT file; a malformed or unreadable file exits 2 naming the file and line.
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempFiles } from '../../test/helpers/files.js';
import { runParleyToEnd } from '../../test/helpers/process.js';

const file = tempFiles('parley-eval-sentiment');

type ClassReport = { precision: number; recall: number; f1: number; support: number };
type Report = {
  n: number;
  accuracy: number;
  macroF1: number;
  pearson: number | null;
  perClass: Record<'negative' | 'neutral' | 'positive', ClassReport>;
  msPerItem: number;
};

const run = async (args: string[]) => {
  const result = await runParleyToEnd(['eval', 'sentiment', ...args], {});
  return result;
};

const parseReport = (stdout: string) => {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Report;
};

it('reports accuracy, macro-F1 and per-class figures, with pearson null for word labels', { timeout: 60_000 }, async () => {
  const input = await file('words.tsv', [
    'positive\tI absolutely love this, it is wonderful!',
    'negative\tThis is terrible and I hate it.',
    '',
    'neutral\tThe meeting is at three.\r',
    'positive\tThe box is blue.',
  ].join('\n'));
  const result = await run(['--input', input]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = parseReport(result.stdout);
  expect(Object.keys(report).sort()).toEqual(['accuracy', 'macroF1', 'msPerItem', 'n', 'pearson', 'perClass']);
  expect(report.n).toBe(4);
  expect(report.pearson).toBeNull();
  expect(report.accuracy).toBe(0.75);
  expect(Object.keys(report.perClass).sort()).toEqual(['negative', 'neutral', 'positive']);
  expect(report.perClass.positive).toEqual({ precision: 1, recall: 0.5, f1: 0.6667, support: 2 });
  expect(report.perClass.neutral).toEqual({ precision: 0.5, recall: 1, f1: 0.6667, support: 1 });
  expect(report.perClass.negative).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
  expect(report.macroF1).toBeCloseTo((0.6667 + 0.6667 + 1) / 3, 3);
  expect(typeof report.msPerItem).toBe('number');
  expect(report.msPerItem).toBeGreaterThanOrEqual(0);
});

it('correlates scores with numeric labels, which count as classes at ±0.05', { timeout: 60_000 }, async () => {
  const input = await file('numbers.tsv', [
    '0.8\tWhat a fantastic, brilliant day!',
    '-0.75\tAwful, just awful. I am furious.',
    '0.02\tThe train leaves at noon.',
    '.3\tPretty good overall.',
    '-1\tThe worst thing ever, horrible.',
  ].join('\n'));
  const result = await run(['--input', input]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = parseReport(result.stdout);
  expect(report.n).toBe(5);
  expect(typeof report.pearson).toBe('number');
  expect(report.pearson!).toBeGreaterThan(0.5);
  expect(report.pearson!).toBeLessThanOrEqual(1);
  expect(report.perClass.neutral.support).toBe(1);
  expect(report.perClass.positive.support).toBe(2);
  expect(report.perClass.negative.support).toBe(2);
});

it('names the file and line of a line without a tab or with a bad label (exit 2)', { timeout: 60_000 }, async () => {
  const noTab = await file('no-tab.tsv', 'positive\tGreat stuff\nnegative Bad stuff\n');
  const noTabResult = await run(['--input', noTab]);
  expect(noTabResult.code).toBe(2);
  expect(noTabResult.stdout).toBe('');
  expect(noTabResult.stderr).toContain('no-tab.tsv:2');

  const badLabel = await file('bad-label.tsv', 'positive\tGreat stuff\n\n1.5\tToo much\n');
  const badLabelResult = await run(['--input', badLabel]);
  expect(badLabelResult.code).toBe(2);
  expect(badLabelResult.stdout).toBe('');
  expect(badLabelResult.stderr).toContain('bad-label.tsv:3');

  const wordLabel = await file('word-label.tsv', 'good\tGreat stuff\n');
  const wordLabelResult = await run(['--input', wordLabel]);
  expect(wordLabelResult.code).toBe(2);
  expect(wordLabelResult.stderr).toContain('word-label.tsv:1');
});

it('exits 2 for an unreadable file and for a bad --lang', { timeout: 60_000 }, async () => {
  const missing = await run(['--input', path.join(path.dirname(await file('present.tsv', '')), 'missing.tsv')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('missing.tsv');

  const input = await file('lang.tsv', 'positive\tGreat stuff\n');
  const badLang = await run(['--input', input, '--lang', 'english']);
  expect(badLang.code).toBe(2);
  expect(badLang.stderr).toContain('--lang');

  const german = await run(['--input', input, '--lang', 'de']);
  expect(german.code).toBe(0);
  expect(parseReport(german.stdout).perClass.neutral.support).toBe(0);
});
