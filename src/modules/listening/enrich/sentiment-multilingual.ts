// Sentiment for languages other than English: VADER's scheme (Hutto & Gilbert 2014) over a per-language
// lexicon. Each supported language has a translated AFINN lexicon (lexicons/<lang>.ts), Parley's own
// word lists (sentiment-languages.ts: negators, boosters, "but" words, slang) and the rules that carry
// over from VADER: a negator up to three words before a sentiment word flips and dampens it (once, so
// French "ne … pas" is one negation), boosters and dampeners before it scale it, the clause after
// "but" outweighs the one before, ALL CAPS among lower-case words and "!" amplify. Some languages
// negate after the word (Japanese 好きじゃない, Hindi "accha nahi", colloquial French "j'aime pas",
// German "mag ich nicht"): a negator after a sentiment word, with no other sentiment word right after
// it, flips that word. Chinese and Japanese runs are cut by longest match over the lexicon.
//
// Language-independent parts, also used for languages without a lexicon: emoji (Parley's own table,
// as in English, then the Emoji Sentiment Ranking, lexicons/emoji.ts, for the several hundred others),
// emoticons (VADER's), laughter ("jajaja", "kkkk", "ههههه") and elongation ("buenooo" → "bueno").
// A word the lexicon does not know is also tried without clitic prefixes (Arabic) and by its stem.
import { LANGUAGE_RULES, SHARED_EXTRA, type LanguageRules } from './sentiment-languages.js';
import { C_INCR, EMOJI, LEXICON, N_SCALAR } from './sentiment-lexicon.js';
import { ENTRIES as ar } from './lexicons/ar.js';
import { ENTRIES as de } from './lexicons/de.js';
import { ENTRIES as emojiRanking } from './lexicons/emoji.js';
import { ENTRIES as es } from './lexicons/es.js';
import { ENTRIES as fr } from './lexicons/fr.js';
import { ENTRIES as hi } from './lexicons/hi.js';
import { ENTRIES as it } from './lexicons/it.js';
import { ENTRIES as ja } from './lexicons/ja.js';
import { ENTRIES as nl } from './lexicons/nl.js';
import { ENTRIES as pt } from './lexicons/pt.js';
import { ENTRIES as ru } from './lexicons/ru.js';
import { ENTRIES as zh } from './lexicons/zh.js';

const SOURCES: Readonly<Record<string, string>> = { ar, de, es, fr, hi, it, ja, nl, pt, ru, zh };

/** The languages with a lexicon of their own (besides English, which sentiment.ts scores with VADER). */
export const LEXICON_LANGUAGES: readonly string[] = Object.keys(SOURCES);

function parse(source: string, into: Map<string, number>) {
  for (const line of source.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) into.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return into;
}

const EMOJI_VALENCE: ReadonlyMap<string, number> = (() => {
  const map = parse(emojiRanking, new Map());
  for (const [emoji, valence] of EMOJI) map.set(emoji, valence);
  return map;
})();

type Language = {
  rules: LanguageRules;
  /** Word (or phrase) → valence; 0 marks a known word without sentiment. */
  lexicon: Map<string, number>;
  negations: ReadonlySet<string>;
  negationsAfter: ReadonlySet<string>;
  boosters: ReadonlyMap<string, number>;
  buts: ReadonlySet<string>;
  /** First words of multi-word entries, so phrases are only built where one can start. */
  phraseStarts: ReadonlySet<string>;
  /** Longest entry, in UTF-16 units: the longest-match window for unspaced scripts. */
  longest: number;
  /** Stem of each one-word lexicon entry → valence (stems whose words disagree in sign are left out). */
  stems: ReadonlyMap<string, number>;
  /** normalize()'s answers: social text repeats its words, and most of them are not in the lexicon. */
  normalized: Map<string, string>;
};

/** Entries kept in a language's normalize cache before it is cleared. */
const NORMALIZED_CACHE_SIZE = 50_000;

/** The word less its longest listed ending that leaves at least four letters (itself if none does). */
function stem(word: string, suffixes: readonly string[] | undefined): string {
  if (suffixes === undefined) return word;
  for (const suffix of suffixes) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

const EMPTY_RULES: LanguageRules = { negations: [], boosters: {}, buts: [], extra: {} };
const languages = new Map<string, Language>();

/** The language's tables, built on first use (a few milliseconds) so unused languages cost nothing. */
function languageOf(code: string): Language {
  // Every language without a lexicon shares one entry, so odd codes do not grow the cache.
  const lang = LANGUAGE_RULES[code] !== undefined || SOURCES[code] !== undefined ? code : '';
  let language = languages.get(lang);
  if (language !== undefined) return language;
  const rules = LANGUAGE_RULES[lang] ?? EMPTY_RULES;
  const source = SOURCES[lang];
  const lexicon = source === undefined ? new Map<string, number>() : parse(source, new Map());
  if (source !== undefined) for (const [word, valence] of Object.entries(SHARED_EXTRA)) lexicon.set(word, valence);
  for (const [word, valence] of Object.entries(rules.extra)) lexicon.set(word, valence);
  const negationsAfter = new Set(rules.negationsAfter ?? []);
  const boosters = new Map(Object.entries(rules.boosters));
  const words = [...lexicon.keys(), ...rules.negations, ...negationsAfter, ...boosters.keys(), ...rules.buts];
  const phraseStarts = new Set<string>();
  let longest = 1;
  for (const word of words) {
    const space = word.indexOf(' ');
    if (space > 0) phraseStarts.add(word.slice(0, space));
    if (word.length > longest) longest = word.length;
  }
  const stems = new Map<string, number>();
  const conflicting = new Set<string>();
  if (rules.suffixes !== undefined) {
    for (const [word, valence] of lexicon) {
      if (word.includes(' ') || valence === 0) continue;
      const key = stem(word, rules.suffixes);
      const seen = stems.get(key);
      if (seen !== undefined && Math.sign(seen) !== Math.sign(valence)) conflicting.add(key);
      else if (seen === undefined || Math.abs(valence) < Math.abs(seen)) stems.set(key, valence);
    }
    for (const key of conflicting) stems.delete(key);
  }
  language = {
    rules, lexicon, stems, normalized: new Map(), negations: new Set(rules.negations), negationsAfter, boosters, buts: new Set(rules.buts), phraseStarts,
    longest: Math.min(longest, 8),
  };
  languages.set(lang, language);
  return language;
}

// URLs and @mentions (skipped), emoticons, words (letters, marks, digits; inner apostrophes),
// pictographs, and "!" / "?".
const TOKEN =
  /(?:https?:\/\/|www\.)\S+|@\w+|((?<![\p{L}\p{N}])(?:[:;=8][-o'^]?[)(\][dDpP/\\|*3oO$@]+|<\/?3+|\^_*\^|[Tt]_+[Tt]|-_+-|[xX][dD]+)(?![\p{L}\p{N}]))|([\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]*)*)|(\p{Extended_Pictographic})|([!?！？])|([.。])/gu;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LAUGHTER = /^(?:([jhk])([aeiu])\2*(?:\1\2+)+\1?|(?:a?ha){2,}h?|(?:he){2,}|(?:hue){2,}|k{3,}|(?:rs){2,}|ه{3,}|(?:ха){2,}|(?:ах){2,}а?)$/;
const ELONGATED = /(.)\1\1/u;

/** starts[i]: key i begins a new sentence (after . ! ? 。！？), which negation does not reach across. */
type Tokens = { keys: string[]; caps: boolean[]; starts: boolean[]; exclamations: number; questions: number };

function known(language: Language, key: string) {
  return language.lexicon.has(key) || language.negations.has(key) || language.boosters.has(key) || language.negationsAfter.has(key) ||
    language.buts.has(key) || (language.rules.englishFallback === true && LEXICON.has(key));
}

/** The lexicon's form of a word it does not know as written: without clitic prefixes or elongation. */
function normalize(language: Language, word: string): string {
  const cached = language.normalized.get(word);
  if (cached !== undefined) return cached;
  const key = lookupForm(language, word);
  if (language.normalized.size >= NORMALIZED_CACHE_SIZE) language.normalized.clear();
  language.normalized.set(word, key);
  return key;
}

function lookupForm(language: Language, key: string): string {
  if (known(language, key)) return key;
  if (LAUGHTER.test(key)) return 'haha';
  if (ELONGATED.test(key)) {
    const two = key.replace(/(.)\1{2,}/gu, '$1$1');
    if (known(language, two)) return two;
    const one = key.replace(/(.)\1{2,}/gu, '$1');
    if (known(language, one)) return one;
    key = two;
  }
  const prefixes = language.rules.prefixes;
  if (prefixes !== undefined) {
    for (const prefix of prefixes) {
      if (key.length - prefix.length >= 2 && key.startsWith(prefix) && known(language, key.slice(prefix.length))) return key.slice(prefix.length);
    }
  }
  if (language.stems.size > 0) {
    const stemmed = stem(key, language.rules.suffixes);
    if (stemmed !== key && language.stems.has(stemmed)) return `~${stemmed}`;
  }
  return key;
}

/** Longest-match segmentation of a run without spaces; characters no entry starts with stand alone. */
function segment(language: Language, run: string, keys: string[], caps: boolean[]) {
  let i = 0;
  while (i < run.length) {
    let end = Math.min(run.length, i + language.longest);
    for (; end > i + 1; end--) if (known(language, run.slice(i, end))) break;
    keys.push(run.slice(i, end));
    caps.push(false);
    i = end;
  }
}

function tokenize(language: Language, text: string): Tokens {
  const keys: string[] = [];
  const caps: boolean[] = [];
  const starts: boolean[] = [];
  let exclamations = 0;
  let questions = 0;
  let sentenceEnded = false;
  const { elision, unspaced } = language.rules;
  for (const match of text.matchAll(TOKEN)) {
    const [, emoticon, word, pictograph, mark, period] = match;
    // The keys of the previous token: the first of them starts a sentence if one ended before it.
    if (starts.length < keys.length) {
      starts.push(sentenceEnded);
      sentenceEnded = false;
      while (starts.length < keys.length) starts.push(false);
    }
    if (mark !== undefined || period !== undefined) sentenceEnded = keys.length > 0;
    if (word !== undefined) {
      let lower = word.toLowerCase();
      if (lower.includes('’')) lower = lower.replaceAll('’', "'");
      if (unspaced === true && UNSPACED.test(lower)) {
        segment(language, lower, keys, caps);
        continue;
      }
      const isCaps = word.length > 1 && lower !== word && word === word.toUpperCase();
      if (elision === true && lower.includes("'") && !language.lexicon.has(lower)) {
        const parts = lower.split("'");
        for (let p = 0; p < parts.length; p++) {
          const part = p < parts.length - 1 ? `${parts[p]!}'` : parts[p]!;
          if (part === '' || part === "'") continue;
          keys.push(normalize(language, part));
          caps.push(isCaps);
        }
        continue;
      }
      keys.push(normalize(language, lower));
      caps.push(isCaps);
    } else if (emoticon !== undefined) {
      keys.push(emoticon);
      caps.push(false);
    } else if (pictograph !== undefined) {
      if (EMOJI_VALENCE.has(pictograph)) {
        keys.push(pictograph);
        caps.push(false);
      }
    } else if (mark === '!' || mark === '！') {
      exclamations++;
    } else if (mark === '?' || mark === '？') {
      questions++;
    }
  }
  if (starts.length < keys.length) starts.push(sentenceEnded);
  while (starts.length < keys.length) starts.push(false);
  // Multi-word entries ("de puta madre", "a bordo"): join the words into one key.
  if (language.phraseStarts.size > 0) {
    for (let i = 0; i < keys.length - 1; i++) {
      if (!language.phraseStarts.has(keys[i]!)) continue;
      const two = `${keys[i]!} ${keys[i + 1]!}`;
      const three = i + 2 < keys.length ? `${two} ${keys[i + 2]!}` : '';
      const length = three !== '' && known(language, three) ? 3 : known(language, two) ? 2 : 1;
      if (length > 1) {
        keys.splice(i, length, length === 3 ? three : two);
        caps.splice(i, length, caps[i]!);
        starts.splice(i, length, starts[i]!);
      }
    }
  }
  return { keys, caps, starts, exclamations, questions };
}

function emoticonValence(emoticon: string): number {
  const known = LEXICON.get(emoticon.toLowerCase());
  if (known !== undefined) return known;
  if (/^[xX][dD]+$|^\^_*\^$|^<3+$/.test(emoticon)) return 1.9;
  if (/^[Tt]_+[Tt]$|^<\/3+$|^-_+-$/.test(emoticon)) return -1.6;
  const mouth = emoticon[emoticon.length - 1]!;
  return ')]dD3*pP'.includes(mouth) ? 1.5 : '([/\\|'.includes(mouth) ? -1.5 : 0;
}

function valenceOf(language: Language, key: string): number | undefined {
  const lexical = language.lexicon.get(key);
  if (lexical !== undefined) return lexical;
  const emoji = EMOJI_VALENCE.get(key);
  if (emoji !== undefined) return emoji;
  if (key === 'haha') return 1.5;
  if (key.startsWith('~')) {
    const stemmed = language.stems.get(key.slice(1));
    return stemmed === undefined ? undefined : stemmed * STEM_WEIGHT;
  }
  const first = key.charCodeAt(0);
  if (first < 128 && !/[a-z0-9]/.test(key[0]!)) return emoticonValence(key);
  if (language.rules.englishFallback === true) return LEXICON.get(key);
  return undefined;
}

/** A word matched by its stem only counts half: the ending can change the meaning ("gracias" / "gracioso"). */
const STEM_WEIGHT = 0.5;

// Reused between calls (scoring is synchronous).
const sentiments: number[] = [];

/** VADER-style score in [-1, 1] of `text` in `lang` (a base ISO 639-1 code other than "en"). */
export function scoreInLanguage(text: string, lang: string): number {
  const language = languageOf(lang);
  const { keys, caps, starts, exclamations, questions } = tokenize(language, text);
  const n = keys.length;
  if (n === 0) return 0;
  let capsCount = 0;
  for (const cap of caps) if (cap) capsCount++;
  const capDifferential = capsCount > 0 && capsCount < n;

  sentiments.length = n;
  sentiments.fill(0);
  let butIndex = -1;
  let any = false;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (butIndex === -1 && language.buts.has(key)) butIndex = i;
    const lexical = valenceOf(language, key);
    if (lexical === undefined || lexical === 0) continue;
    // A degree word that is also a sentiment word ("bien") boosts when a sentiment word follows.
    if (language.boosters.has(key) && i + 1 < n && (valenceOf(language, keys[i + 1]!) ?? 0) !== 0) continue;
    let valence = lexical;
    if (capDifferential && caps[i]) valence += valence > 0 ? C_INCR : -C_INCR;
    let negated = false;
    for (let distance = 1; distance <= 3 && distance <= i; distance++) {
      // "…n'existe pas. Scandaleux": the negator ended its sentence.
      if (starts[i - distance + 1]) break;
      const before = keys[i - distance]!;
      const boost = language.boosters.get(before);
      if (boost !== undefined && (distance === 1 || (valenceOf(language, before) ?? 0) === 0)) {
        let modifier = valence < 0 ? -boost : boost;
        if (capDifferential && caps[i - distance]) modifier += valence > 0 ? C_INCR : -C_INCR;
        valence += modifier * (distance === 1 ? 1 : distance === 2 ? 0.95 : 0.9);
      }
      if (language.negations.has(before)) negated = true;
    }
    if (language.rules.boostAfter === true && i + 1 < n) {
      const boost = language.boosters.get(keys[i + 1]!);
      if (boost !== undefined && (valenceOf(language, keys[i + 1]!) ?? 0) === 0) valence += valence < 0 ? -boost : boost;
    }
    // A negator after the word (with no sentiment word of its own to negate right after it).
    if (!negated && language.negationsAfter.size > 0) {
      for (let distance = 1; distance <= 2 && i + distance < n; distance++) {
        if (starts[i + distance]) break;
        const after = keys[i + distance]!;
        if (language.negationsAfter.has(after)) {
          const next = keys[i + distance + 1];
          if (next === undefined || (valenceOf(language, next) ?? 0) === 0) negated = true;
          break;
        }
        if ((valenceOf(language, after) ?? 0) !== 0) break;
      }
    }
    if (negated) valence *= N_SCALAR;
    sentiments[i] = valence;
    any = true;
  }
  if (!any) return 0;

  let sum = 0;
  for (let i = 0; i < n; i++) {
    const valence = sentiments[i]!;
    sum += butIndex === -1 || i === butIndex ? valence : i < butIndex ? valence * 0.5 : valence * 1.5;
  }
  if (sum !== 0) {
    const amplifier = Math.min(exclamations, 4) * 0.292 + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
    sum += sum > 0 ? amplifier : -amplifier;
  }
  const score = sum / Math.sqrt(sum * sum + 15);
  return score < -1 ? -1 : score > 1 ? 1 : score;
}
