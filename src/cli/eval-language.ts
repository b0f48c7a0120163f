// `parley eval language --input FILE` (specs/cli.md): runs the product's language detector over a
// labelled file (`LANG<TAB>TEXT` a line) and prints accuracy overall and per language as one JSON
// object. No server or database: it only needs the detector.
import { performance } from 'node:perf_hooks';
import { detectLanguage } from '../modules/listening/enrich/language.js';
import { readLabelledLines } from './labelled-file.js';
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
  const totals = new Map<string, { n: number; correct: number }>();
  let n = 0;
  let correct = 0;
  let detectMs = 0;
  for await (const { lineNumber, label, text } of readLabelledLines(options.input, 'LANG<TAB>TEXT')) {
    const match = LANG_LABEL.exec(label);
    if (match === null) throw new InputError(`${options.input}:${lineNumber}: "${label}" is not an ISO 639-1 language code`);
    const expected = match[1]!.toLowerCase();

    // Only the detector is timed: file reading and bookkeeping are not what msPerItem is about.
    const started = performance.now();
    const detected = detectLanguage(text);
    detectMs += performance.now() - started;

    const hit = detected.lang === expected;
    n++;
    if (hit) correct++;
    const total = totals.get(expected) ?? { n: 0, correct: 0 };
    total.n++;
    if (hit) total.correct++;
    totals.set(expected, total);
  }

  const perLanguage: Record<string, { n: number; accuracy: number }> = {};
  for (const [lang, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    perLanguage[lang] = { n: total.n, accuracy: round(total.correct / total.n, 4) };
  }
  return { n, accuracy: round(correct / n, 4), perLanguage, msPerItem: round(detectMs / n, 4) };
}
