// `parley eval language` exactly as specs/cli.md says: one JSON report on stdout for a LANG<TAB>TEXT
// file; a malformed or unreadable file exits 2 naming the file and line.
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempFiles } from '../../test/helpers/files.js';
import { runParleyToEnd } from '../../test/helpers/process.js';

const file = tempFiles('parley-eval-language');

type Report = { n: number; accuracy: number; perLanguage: Record<string, { n: number; accuracy: number }>; msPerItem: number };

it('prints n, accuracy, per-language accuracy and msPerItem as one JSON object', { timeout: 60_000 }, async () => {
  const input = await file('ok.tsv', [
    'en\tThe weather is lovely today and we are going to the beach with our friends.',
    'en\t@someone check this out https://example.com 😍',
    'fr\tNous avons passé une excellente soirée avec nos amis au restaurant hier soir.',
    '',
    'de\tIch habe gestern ein sehr interessantes Buch über die Geschichte Berlins gelesen.\r',
  ].join('\n'));
  const result = await runParleyToEnd(['eval', 'language', '--input', input], {});
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const report = JSON.parse(lines[0]!) as Report;
  expect(Object.keys(report).sort()).toEqual(['accuracy', 'msPerItem', 'n', 'perLanguage']);
  expect(report.n).toBe(4);
  expect(report.accuracy).toBeGreaterThanOrEqual(0);
  expect(report.accuracy).toBeLessThanOrEqual(1);
  expect(Object.keys(report.perLanguage).sort()).toEqual(['de', 'en', 'fr']);
  expect(report.perLanguage.en!.n).toBe(2);
  for (const entry of Object.values(report.perLanguage)) {
    expect(entry.accuracy).toBeGreaterThanOrEqual(0);
    expect(entry.accuracy).toBeLessThanOrEqual(1);
  }
  expect(report.perLanguage.fr!.accuracy).toBe(1);
  expect(typeof report.msPerItem).toBe('number');
  expect(report.msPerItem).toBeGreaterThanOrEqual(0);
});

it('names the file and line of a line without a tab (exit 2)', { timeout: 60_000 }, async () => {
  const input = await file('broken.tsv', 'en\tHello there, how are you doing today?\nfr Bonjour tout le monde\n');
  const result = await runParleyToEnd(['eval', 'language', '--input', input], {});
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain('broken.tsv:2');
});

it('exits 2 naming a file that cannot be read, and without --input', { timeout: 60_000 }, async () => {
  const missing = path.join(path.dirname(await file('present.tsv', '')), 'missing.tsv');
  const result = await runParleyToEnd(['eval', 'language', '--input', missing], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('missing.tsv');

  const usage = await runParleyToEnd(['eval', 'language'], {});
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('--input');
});
