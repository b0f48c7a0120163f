// `parley eval language --input FILE` (specs/cli.md): runs the product's language detector over a
// labelled file (`LANG<TAB>TEXT` a line) and prints accuracy overall and per language as one JSON
// object. No server or database: it only needs the detector.
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { detectLanguage } from '../modules/listening/enrich/language.js';
import { InputError } from './match.js';

export type LanguageEvalReport = {
  n: number;
  accuracy: number;
  perLanguage: Record<string, { n: number; accuracy: number }>;
  msPerItem: number;
};

// ISO 639-1, optionally with a region or script ("pt-BR", "zh_Hant"): data people bring is often
// tagged that way, and only the language part is what the detector answers.
const LANG_LABEL = /^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$/i;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runEvalLanguage(options: { input: string }): Promise<LanguageEvalReport> {
  // Checked up front so an unreadable file is an input error (exit 2), not a stream crash mid-run.
  try {
    await access(options.input, constants.R_OK);
  } catch (error) {
    throw new InputError(`${options.input}: cannot read the file (${(error as Error).message})`);
  }

  const stream = createReadStream(options.input, 'utf8');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const totals = new Map<string, { n: number; correct: number }>();
  let n = 0;
  let correct = 0;
  let detectMs = 0;
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber++;
      const line = lineNumber === 1 ? raw.replace(/^\uFEFF/u, '') : raw;
      if (line.trim() === '') continue;
      const tab = line.indexOf('\t');
      if (tab === -1) throw new InputError(`${options.input}:${lineNumber}: expected LANG<TAB>TEXT, found no tab`);
      const label = LANG_LABEL.exec(line.slice(0, tab).trim());
      if (label === null) throw new InputError(`${options.input}:${lineNumber}: "${line.slice(0, tab)}" is not an ISO 639-1 language code`);
      const expected = label[1]!.toLowerCase();

      // Only the detector is timed: file reading and bookkeeping are not what msPerItem is about.
      const started = performance.now();
      const detected = detectLanguage(line.slice(tab + 1));
      detectMs += performance.now() - started;

      const hit = detected.lang === expected;
      n++;
      if (hit) correct++;
      const total = totals.get(expected) ?? { n: 0, correct: 0 };
      total.n++;
      if (hit) total.correct++;
      totals.set(expected, total);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${options.input}:${lineNumber + 1}: cannot read the file (${(error as Error).message})`);
  } finally {
    lines.close();
    stream.destroy();
  }
  if (n === 0) throw new InputError(`${options.input}: no LANG<TAB>TEXT lines`);

  const perLanguage: Record<string, { n: number; accuracy: number }> = {};
  for (const [lang, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    perLanguage[lang] = { n: total.n, accuracy: round(total.correct / total.n, 4) };
  }
  return { n, accuracy: round(correct / n, 4), perLanguage, msPerItem: round(detectMs / n, 4) };
}
