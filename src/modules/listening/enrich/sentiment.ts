// Sentiment of a listening post: a score in [-1, 1] and a three-class label.
//
// English uses VADER (Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis
// of Social Media Text", ICWSM 2014), re-implemented here rather than called through the
// "vader-sentiment" package: the package re-tokenizes the text several times with regexes and builds
// a punctuation dictionary per call, which makes it about ten times slower than this single pass. We
// follow the reference implementation (vaderSentiment 3.3.2, Python), which fixed tokenization of
// words with trailing punctuation and "no" as a negator, and add three things social text needs:
// emoji (VADER maps them to descriptions; we use a small valence table), curly apostrophes ("don’t")
// and elongated words ("soooo goooood" is looked up as "so good").
//
// Other languages are scored by sentiment-multilingual.ts: the same scheme over a lexicon per language,
// with that language's negators, boosters and "but" words; languages without a lexicon get the
// language-independent part (emoji, emoticons, laughter).
import { scoreInLanguage } from './sentiment-multilingual.js';
import { BOOSTERS, C_INCR, EMOJI, IDIOMS, IDIOM_WORDS, LEXICON, NEGATIONS, N_SCALAR } from './sentiment-lexicon.js';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type Sentiment = { label: SentimentLabel; score: number };

/** Scores at or below −0.05 are negative, at or above +0.05 positive (VADER's recommended cut-offs). */
export const NEGATIVE_BELOW = -0.05;
export const POSITIVE_ABOVE = 0.05;

export function labelOf(score: number): SentimentLabel {
  if (score <= NEGATIVE_BELOW) return 'negative';
  if (score >= POSITIVE_ABOVE) return 'positive';
  return 'neutral';
}

const NEUTRAL: Sentiment = Object.freeze({ label: 'neutral', score: 0 });

// Python's string.punctuation, as a lookup table by char code: stripped from both ends of a token.
const PUNCTUATION = new Uint8Array(128);
for (const char of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') PUNCTUATION[char.charCodeAt(0)] = 1;

// Words and phrase starts around which the (string-building) idiom and "kind of" checks can match.
const PHRASE_WORDS: ReadonlySet<string> = new Set([...IDIOM_WORDS, 'kind', 'sort', 'just']);

const isSpace = (code: number) =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0x1680 || code === 0x85;

// Pictographic code points that are emoji even when glued to a word ("great😍"): they end the word.
const isPictograph = (code: number) =>
  (code >= 0x1f000 && code <= 0x1faff) || (code >= 0x2600 && code <= 0x27bf) || code === 0x2b50 || code === 0x2b55;
// Joiners, variation selectors and skin tones carry no sentiment of their own.
const isEmojiModifier = (code: number) => code === 0x200d || code === 0xfe0f || code === 0xfe0e || (code >= 0x1f3fb && code <= 0x1f3ff);

const known = (word: string) => LEXICON.has(word) || BOOSTERS.has(word) || NEGATIONS.has(word);

/** "soooo" → "soo" or "so", whichever the lexicon knows; null when the word has no run of 3+ letters. */
function unelongate(word: string): string | null {
  let run = 1;
  let elongated = false;
  for (let i = 1; i < word.length; i++) {
    run = word.charCodeAt(i) === word.charCodeAt(i - 1) ? run + 1 : 1;
    if (run === 3) {
      elongated = true;
      break;
    }
  }
  if (!elongated) return null;
  let two = '';
  let one = '';
  for (let i = 0; i < word.length; i++) {
    const char = word[i]!;
    if (i < 2 || char !== word[i - 1] || char !== word[i - 2]) two += char;
    if (i < 1 || char !== word[i - 1]) one += char;
  }
  if (known(two)) return two;
  if (known(one)) return one;
  return two;
}

type Tokens = { keys: string[]; caps: boolean[]; exclamations: number; questions: number };

/** One pass over the text: lower-cased lookup keys, which tokens are ALL CAPS, and ! / ? counts. */
function tokenize(text: string): Tokens {
  const keys: string[] = [];
  const caps: boolean[] = [];
  let exclamations = 0;
  let questions = 0;

  const push = (start: number, end: number) => {
    if (end <= start) return;
    const raw = text.slice(start, end);
    let lower = raw.toLowerCase();
    if (lower.includes('\u2019')) lower = lower.replaceAll('\u2019', "'");
    let key = lower;
    let shown = raw;
    // Emoticons (":)", ":-(", "<3") are lexicon entries made of punctuation: keep those whole.
    if (!LEXICON.has(lower)) {
      let from = 0;
      let to = lower.length;
      while (from < to && lower.charCodeAt(from) < 128 && PUNCTUATION[lower.charCodeAt(from)] === 1) from++;
      while (to > from && lower.charCodeAt(to - 1) < 128 && PUNCTUATION[lower.charCodeAt(to - 1)] === 1) to--;
      if (to === from) return; // "...", "-": not a word, and not counted as one for negation distance
      if (from > 0 || to < lower.length) {
        key = lower.slice(from, to);
        shown = raw.slice(from, to);
      }
      if (!known(key)) key = unelongate(key) ?? key;
    }
    keys.push(key);
    // Python's str.isupper(): some cased character and no lower-case one.
    caps.push(shown !== key && shown === shown.toUpperCase() && shown !== shown.toLowerCase());
  };

  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 33) exclamations++;
    else if (code === 63) questions++;
    else if (code < 128) {
      if (code <= 32 && isSpace(code)) {
        push(start, i);
        start = i + 1;
      }
      continue;
    }
    if (code < 128) continue;
    if (isSpace(code)) {
      push(start, i);
      start = i + 1;
      continue;
    }
    let point = code;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      point = text.codePointAt(i)!;
      width = point > 0xffff ? 2 : 1;
    }
    if (isPictograph(point) || isEmojiModifier(point)) {
      push(start, i);
      const valence = EMOJI.get(String.fromCodePoint(point));
      if (valence !== undefined) {
        keys.push(String.fromCodePoint(point));
        caps.push(false);
      }
      start = i + width;
    }
    i += width - 1;
  }
  push(start, text.length);
  return { keys, caps, exclamations, questions };
}

const valenceOf = (key: string) => LEXICON.get(key) ?? EMOJI.get(key);

const isNegation = (key: string | undefined) => key !== undefined && (NEGATIONS.has(key) || key.includes("n't"));

// How a booster or dampener before a sentiment word changes its valence (0 for other words).
function scalar(key: string, isCaps: boolean, valence: number, capDifferential: boolean): number {
  const base = BOOSTERS.get(key);
  if (base === undefined) return 0;
  let value = valence < 0 ? -base : base;
  // A booster in ALL CAPS among words that are not ("VERY good") is itself emphasised.
  if (capDifferential && isCaps) value += valence > 0 ? C_INCR : -C_INCR;
  return value;
}

// VADER's idiom check: a known phrase around the word replaces its valence.
function idioms(valence: number, keys: string[], i: number): number {
  let result = valence;
  const k0 = keys[i]!;
  const k1 = keys[i - 1]!;
  const k2 = keys[i - 2]!;
  const k3 = keys[i - 3]!;
  const after1 = keys[i + 1];
  const after2 = keys[i + 2];
  if (!PHRASE_WORDS.has(k0) && !PHRASE_WORDS.has(k1) && !PHRASE_WORDS.has(k2) && !PHRASE_WORDS.has(k3) &&
    (after1 === undefined || !PHRASE_WORDS.has(after1)) && (after2 === undefined || !PHRASE_WORDS.has(after2))) {
    return result;
  }
  for (const sequence of [`${k1} ${k0}`, `${k2} ${k1} ${k0}`, `${k2} ${k1}`, `${k3} ${k2} ${k1}`, `${k3} ${k2}`]) {
    const idiom = IDIOMS.get(sequence);
    if (idiom !== undefined) {
      result = idiom;
      break;
    }
  }
  if (after1 !== undefined) result = IDIOMS.get(`${k0} ${after1}`) ?? result;
  if (after1 !== undefined && after2 !== undefined) result = IDIOMS.get(`${k0} ${after1} ${after2}`) ?? result;
  return result;
}

// Negation of a sentiment word by the word `distance` (1–3) tokens before it, with VADER's
// exceptions: "never so/this good" intensifies, "without doubt" is not a negation.
function negation(valence: number, keys: string[], distance: number, i: number): number {
  const before = keys[i - distance];
  if (distance === 1) return isNegation(before) ? valence * N_SCALAR : valence;
  const previous = keys[i - 1];
  if (distance === 2) {
    if (keys[i - 2] === 'never' && (previous === 'so' || previous === 'this')) return valence * 1.25;
    if (keys[i - 2] === 'without' && previous === 'doubt') return valence;
    return isNegation(before) ? valence * N_SCALAR : valence;
  }
  if ((keys[i - 3] === 'never' && (keys[i - 2] === 'so' || keys[i - 2] === 'this')) || previous === 'so' || previous === 'this') {
    return valence * 1.25;
  }
  if (keys[i - 3] === 'without' && (keys[i - 2] === 'doubt' || previous === 'doubt')) return valence;
  return isNegation(before) ? valence * N_SCALAR : valence;
}

function scoreEnglish(text: string): number {
  const { keys, caps, exclamations, questions } = tokenize(text);
  const n = keys.length;
  if (n === 0) return 0;
  let capsCount = 0;
  for (const cap of caps) if (cap) capsCount++;
  // Caps only emphasise when some words are not in caps: an all-caps post is just shouting.
  const capDifferential = capsCount > 0 && capsCount < n;

  let butIndex = -1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    if (butIndex === -1 && key === 'but') butIndex = i;
    // Degree adverbs only modify the next sentiment word; "kind" in "kind of" is not "kind".
    if (BOOSTERS.has(key) || (key === 'kind' && keys[i + 1] === 'of')) continue;
    const lexical = valenceOf(key);
    if (lexical === undefined) continue;

    let valence = lexical;
    // "no" before a sentiment word is a negator, not itself negative ("no problems").
    if (key === 'no' && i < n - 1 && LEXICON.has(keys[i + 1]!)) valence = 0;
    if ((i > 0 && keys[i - 1] === 'no') || (i > 1 && keys[i - 2] === 'no') ||
      (i > 2 && keys[i - 3] === 'no' && (keys[i - 1] === 'or' || keys[i - 1] === 'nor'))) {
      valence = lexical * N_SCALAR;
    }
    if (capDifferential && caps[i]) valence += valence > 0 ? C_INCR : -C_INCR;

    for (let distance = 1; distance <= 3 && distance <= i; distance++) {
      const before = keys[i - distance]!;
      if (LEXICON.has(before)) continue;
      let modifier = scalar(before, caps[i - distance]!, valence, capDifferential);
      if (distance === 2) modifier *= 0.95;
      else if (distance === 3) modifier *= 0.9;
      valence = negation(valence + modifier, keys, distance, i);
      if (distance === 3) valence = idioms(valence, keys, i);
    }

    // Two-word dampeners ("kind of", "sort of", "just enough") one or two words back. VADER checks
    // these only three words into a text and always subtracts, which makes "kind of bad" worse.
    const phrase = keys[i - 1] === 'of' || keys[i - 1] === 'enough' ? i - 2 : keys[i - 2] === 'of' || keys[i - 2] === 'enough' ? i - 3 : -1;
    if (phrase >= 0) {
      const dampener = BOOSTERS.get(`${keys[phrase]!} ${keys[phrase + 1]!}`);
      if (dampener !== undefined) valence += valence < 0 ? -dampener : dampener;
    }

    // "least good" negates, "at least good" / "very least" do not.
    if (i > 0 && keys[i - 1] === 'least' && !LEXICON.has('least') && (i === 1 || (keys[i - 2] !== 'at' && keys[i - 2] !== 'very'))) {
      valence *= N_SCALAR;
    }

    sentiments[i] = valence;
    sum += valence;
  }

  // "but" shifts the weight to the clause after it: before × 0.5, after × 1.5.
  if (butIndex !== -1) {
    sum = 0;
    for (let i = 0; i < n; i++) {
      const valence = sentiments[i] ?? 0;
      sum += i < butIndex ? valence * 0.5 : i > butIndex ? valence * 1.5 : valence;
    }
  }
  sentiments.length = 0;

  // "!" (up to 4) and "??" / "???" amplify whatever direction the text already has.
  if (sum !== 0) {
    const amplifier = Math.min(exclamations, 4) * 0.292 + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
    sum += sum > 0 ? amplifier : -amplifier;
  }
  const score = sum / Math.sqrt(sum * sum + 15);
  return score < -1 ? -1 : score > 1 ? 1 : score;
}

// Reused between calls (scoring is synchronous), so the hot path allocates no per-call array.
const sentiments: (number | undefined)[] = [];

/**
 * Sentiment of `text` in `lang` (ISO 639-1, optionally with a region: "pt-BR"; none → treated as
 * English, since emoji, emoticons and English are what a text without a detected language mostly
 * carries). See sentiment-multilingual.ts for the languages with a lexicon.
 */
export function scoreSentiment(text: string, lang?: string): Sentiment {
  if (text === '') return NEUTRAL;
  const base = lang === undefined ? '' : lang.split(/[-_]/, 1)[0]!.toLowerCase();
  const score = base === '' || base === 'en' ? scoreEnglish(text) : scoreInLanguage(text, base);
  return { label: labelOf(score), score };
}
