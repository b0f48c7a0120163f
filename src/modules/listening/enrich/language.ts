// Language detection for listening posts, on top of Nito-ELD (npm "eld", Apache-2.0): an offline
// n-gram detector that ships its databases inside the package, so nothing is downloaded at run time.
//
// Database size: eld bundles extrasmall / small / medium / large. Measured on the product code
// (`npm run eval:language-sentences`: 4,711 UDHR sentences in 63 languages; `parley eval language`
// on the six-language tweets set) with Node 20, the bigger ones gain little for their memory and
// none is faster per post (0.07–0.15 ms of CPU per tweet for all four on a busy 2-core machine):
//   extrasmall  tweets 99.29 %  sentences 99.83 %  RSS +55 MB (heap 35 MB)
//   small       tweets 99.39 %  sentences 99.85 %  RSS +105 MB
//   medium      tweets 99.40 %  sentences 99.85 %  RSS +192 MB
//   large       tweets 99.67 %  sentences 99.94 %  RSS +391 MB, loads in about 3.5 s
// so extrasmall stays: the largest that fits the ~40 MB heap a worker can spare for this. Importing
// this module loads it (under a second, once per process). Its weak spots on sentences: Norwegian
// (93 %, read as Danish or Swedish), Urdu (97.5 %, read as Persian), Marathi (98.8 %, as Hindi).
//
// Supported languages (65, ISO 639-1): the 60 eld knows, whose codes it returns as they are,
//   am Amharic, ar Arabic, az Azerbaijani (Latin), be Belarusian, bg Bulgarian, bn Bengali,
//   ca Catalan, cs Czech, da Danish, de German, el Greek, en English, es Spanish, et Estonian,
//   eu Basque, fa Persian, fi Finnish, fr French, gu Gujarati, he Hebrew, hi Hindi, hr Croatian,
//   hu Hungarian, hy Armenian, is Icelandic, it Italian, ja Japanese, ka Georgian, kn Kannada,
//   ko Korean, ku Kurdish (Arabic script), lo Lao, lt Lithuanian, lv Latvian, ml Malayalam,
//   mr Marathi, ms Malay (Latin), nl Dutch, no Norwegian, or Oriya, pa Punjabi, pl Polish,
//   pt Portuguese, ro Romanian, ru Russian, sk Slovak, sl Slovene, sq Albanian, sr Serbian (Cyrillic),
//   sv Swedish, ta Tamil, te Telugu, th Thai, tl Tagalog, tr Turkish, uk Ukrainian, ur Urdu,
//   vi Vietnamese, yo Yoruba, zh Chinese;
// and 5 told by their script alone, which eld has no n-grams for (it answers nothing on them):
//   bo Tibetan, dv Dhivehi (Thaana), km Khmer, my Burmese (Myanmar), si Sinhala.
import { eld } from 'eld/extrasmall';

/**
 * The best guess and how sure it is. `reliable` is eld's own verdict (enough n-grams, a score near the
 * language's usual one); short posts often fail it yet are still mostly guessed right, so the guess is
 * kept and callers that need certainty check `reliable` or `confidence`.
 */
export type DetectedLanguage = { lang: string | null; confidence: number; reliable: boolean };

// Scripts eld has no n-grams for, each written (almost only) in one language that has an ISO 639-1
// code. Myanmar script also writes Shan, Mon and Karen, and Tibetan writes Dzongkha, but Burmese and
// Tibetan are by far the most common on the web. Ethiopic, Georgian, Armenian, Thai, Lao, Greek,
// Hebrew, Korean and the Indic scripts are left to eld, which knows them.
const SCRIPT_LANGUAGES: readonly { lang: string; letters: RegExp }[] = [
  { lang: 'bo', letters: /\p{Script=Tibetan}/gu },
  { lang: 'dv', letters: /\p{Script=Thaana}/gu },
  { lang: 'km', letters: /\p{Script=Khmer}/gu },
  { lang: 'my', letters: /\p{Script=Myanmar}/gu },
  { lang: 'si', letters: /\p{Script=Sinhala}/gu },
];
const ANY_SCRIPT_LANGUAGE = /[\p{Script=Tibetan}\p{Script=Thaana}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Sinhala}]/u;
// Letters with their combining marks: the vowel signs of these scripts are marks, and they count.
const LETTERS_AND_MARKS = /[\p{L}\p{M}]/gu;

export const SUPPORTED_LANGUAGES: readonly string[] = Object.freeze([
  ...Object.values(eld.info().Languages),
  ...SCRIPT_LANGUAGES.map(({ lang }) => lang),
]);

// eld already returns ISO 639-1. The withdrawn codes some n-gram databases still use are mapped
// anyway, so a database update cannot leak them into stored posts.
const toIso6391: Readonly<Record<string, string>> = { iw: 'he', in: 'id', ji: 'yi', jw: 'jv' };

const NOTHING: DetectedLanguage = Object.freeze({ lang: null, confidence: 0, reliable: false });

// Social posts carry tokens that are not language and that pull n-gram scores towards English (URLs,
// handles) or towards nothing (emoji, digits). Order matters: e-mails before @mentions, URLs before
// bare domains.
const URL_WITH_SCHEME = /\b(?:https?|ftp):\/\/\S+/giu;
const WWW_URL = /\bwww\.\S+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// Bare domains (pic.twitter.com/x, bit.ly/x, example.org): a dotted name followed by a path, or one
// of the TLDs that show up in posts without a scheme. Deliberately not every "a.b", which would eat
// sentence ends written without a space ("fin.Bonjour").
const BARE_DOMAIN = /\b(?:[\p{L}\p{N}-]+\.)+(?:[a-z]{2,}\/\S*|(?:com|net|org|io|co|ly|gl|me|tv|info)\b)/giu;
const MENTION = /(^|[^\p{L}\p{N}_])[@＠][\p{L}\p{N}_]+/gu;
// Keep the hashtag's word: "#Bonjour" is French evidence. CamelCase tags are split into words so
// "#JustDoIt" reads as "Just Do It" rather than one unknown n-gram run.
const HASHTAG = /[#＃]([\p{L}\p{N}_]+)/gu;
const CAMEL_BOUNDARY = /(\p{Ll})(\p{Lu})/gu;
// Joiners, variation selectors and the keycap mark are matched outside the class: they combine with
// the previous character, which a character class would treat ambiguously.
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]|\u200d|\ufe0e|\ufe0f|\u20e3/gu;
const DIGITS = /\p{N}+/gu;
// Runs of punctuation/symbols ("!!!", "...", "?!?"): eld already splits on non-letters, but runs
// including apostrophes survive its contraction rule and form junk n-grams.
const REPEATED_PUNCTUATION = /[\p{P}\p{S}]{2,}/gu;
// "soooo", "jajajaaaa": elongation is not in any training text; three or more repeats become two.
const ELONGATION = /(\p{L})\1{2,}/gu;
const WHITESPACE = /\s+/gu;
const LETTER = /\p{L}/u;
const NOT_ASCII = /[^\p{ASCII}]/u;

/** The text with the parts of a post that are not language removed, as the detector sees it. */
export function prepareText(text: string): string {
  // NFC first: decomposed accents (Vietnamese typed with combining tone marks, text from macOS file
  // names) would otherwise split words into n-grams eld never saw. A pattern is only run on a text
  // that has the character it needs (a URL's "://", an address's "@"…): most messages have none, and
  // these Unicode-aware patterns are a third of the detection's time on them.
  let prepared = text.normalize('NFC');
  if (prepared.includes('://')) prepared = prepared.replace(URL_WITH_SCHEME, ' ');
  if (/www\./iu.test(prepared)) prepared = prepared.replace(WWW_URL, ' ');
  const at = prepared.includes('@') || prepared.includes('＠');
  if (at) prepared = prepared.replace(EMAIL, ' ');
  if (prepared.includes('.')) prepared = prepared.replace(BARE_DOMAIN, ' ');
  if (at) prepared = prepared.replace(MENTION, '$1 ');
  if (prepared.includes('#') || prepared.includes('＃')) prepared = prepared.replace(HASHTAG, (_tag, word: string) => ` ${word.replace(CAMEL_BOUNDARY, '$1 $2').replace(/_/gu, ' ')} `);
  // Every emoji, modifier, indicator and joiner is outside ASCII.
  if (NOT_ASCII.test(prepared)) prepared = prepared.replace(EMOJI, ' ');
  return prepared
    .replace(DIGITS, ' ')
    .replace(REPEATED_PUNCTUATION, ' ')
    .replace(ELONGATION, '$1$1')
    .replace(WHITESPACE, ' ')
    .trim();
}

/**
 * The language of a post's text as an ISO 639-1 code, or null when the text has no letters or the
 * detector does not consider its answer reliable (too few n-grams, or a weak score for that
 * language). `confidence` is in [0, 1]: how far ahead the best language is of the runner-up
 * (1 - second/best), 0 when there is no answer.
 */
export function detectLanguage(text: string): DetectedLanguage {
  const prepared = prepareText(text);
  if (!LETTER.test(prepared)) return NOTHING;
  if (ANY_SCRIPT_LANGUAGE.test(prepared)) {
    const byScript = detectByScript(prepared);
    if (byScript !== null) return byScript;
  }
  const result = eld.detect(prepared);
  if (result.language === '') return NOTHING;
  // The best two scores (eld's are all positive).
  let best = 0;
  let second = 0;
  for (const score of Object.values(result.getScores())) {
    if (score > best) [best, second] = [score, best];
    else if (score > second) second = score;
  }
  const confidence = best > 0 ? 1 - second / best : 0;
  let lang = toIso6391[result.language] ?? result.language;
  if (confidence < CLOSE_CALL && CLOSE_PAIR_OF.has(lang)) lang = settleClosePair(lang, prepared);
  return { lang, confidence: Math.round(confidence * 1000) / 1000, reliable: result.isReliable() };
}

// Languages eld's n-grams barely tell apart (full sentences of one often score within a few per cent
// of the other): Norwegian Bokmål and Danish, Marathi and Hindi. When eld's answer is one of a pair
// and its lead is under CLOSE_CALL, the words and endings that differ in spelling or grammar between
// the two decide, if they lean one way. The lists are grammar, not fitted to any data set.
const CLOSE_CALL = 0.1;
type PairSide = { lang: string; words: ReadonlySet<string>; endings: readonly string[] };
const CLOSE_PAIRS: readonly (readonly [PairSide, PairSide])[] = [
  [
    {
      lang: 'no',
      words: new Set(['å', 'av', 'seg', 'meg', 'deg', 'noen', 'noe', 'mellom', 'blir', 'ble', 'mye', 'etter', 'uten', 'gjennom', 'hennes', 'enn', 'rett', 'fritt', 'ikkje', 'gjøre', 'kjenne']),
      endings: ['het', 'heter', 'sjon', 'sjoner', 'sjonal', 'sjonale'],
    },
    {
      lang: 'da',
      words: new Set(['af', 'sig', 'mig', 'dig', 'nogen', 'noget', 'mellem', 'bliver', 'blev', 'meget', 'hvad', 'efter', 'uden', 'gennem', 'hendes', 'end', 'ret', 'frit', 'gøre', 'kende']),
      endings: ['hed', 'heder', 'tion', 'tioner', 'tional', 'tionale'],
    },
  ],
  [
    {
      lang: 'mr',
      words: new Set(['आहे', 'आहेत', 'आणि', 'मध्ये', 'नाही', 'किंवा', 'पाहिजे', 'असेल', 'असली', 'त्याला', 'त्यांना', 'कोणत्याही']),
      endings: ['च्या', 'ाचा', 'ाची', 'ाचे', 'ांना'],
    },
    {
      lang: 'hi',
      words: new Set(['है', 'हैं', 'था', 'थी', 'थे', 'और', 'में', 'के', 'को', 'से', 'नहीं', 'लिए', 'किसी', 'होगा', 'होगी', 'जाएगा', 'सकता', 'सकती']),
      endings: [],
    },
  ],
];
const CLOSE_PAIR_OF: ReadonlyMap<string, readonly [PairSide, PairSide]> = new Map(
  CLOSE_PAIRS.flatMap((pair) => [[pair[0].lang, pair] as const, [pair[1].lang, pair] as const]),
);
const WORD_BREAK = /[^\p{L}\p{M}]+/u;

function markerCount(side: PairSide, words: readonly string[]): number {
  let count = 0;
  for (const word of words) if (side.words.has(word) || side.endings.some((ending) => word.length > ending.length + 1 && word.endsWith(ending))) count++;
  return count;
}

/** eld's answer, or the other language of its close pair when the text has more of that one's markers. */
function settleClosePair(lang: string, text: string): string {
  const pair = CLOSE_PAIR_OF.get(lang)!;
  const words = text.toLowerCase().split(WORD_BREAK);
  const [a, b] = pair;
  const lead = markerCount(a, words) - markerCount(b, words);
  if (lead > 0) return a.lang;
  if (lead < 0) return b.lang;
  return lang;
}

/**
 * The language of a text written mostly (more than half of its letters) in one of the scripts of
 * SCRIPT_LANGUAGES, or null. `confidence` is that script's share of the letters; the answer is as
 * reliable as the script is telling, so `reliable` is true.
 */
function detectByScript(text: string): DetectedLanguage | null {
  const letters = text.match(LETTERS_AND_MARKS)?.length ?? 0;
  for (const { lang, letters: scriptLetters } of SCRIPT_LANGUAGES) {
    const share = (text.match(scriptLetters)?.length ?? 0) / letters;
    if (share > 0.5) return { lang, confidence: Math.round(share * 1000) / 1000, reliable: true };
  }
  return null;
}
