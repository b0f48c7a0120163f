// Cuts a text into the tokens of specs/query-language.md ("Tokens"). This runs on every ingested
// post, so it is a single left-to-right pass: a switch on the current character, and sticky
// regexes (precompiled, matched in place with lastIndex) for the runs. The tokens go to a sink:
// tokenize() collects them as Token objects; the matcher looks each one up as it comes, and for
// plain ASCII words (most of any text) it does so on the span of the text itself, so that a word no
// query needs costs no allocation at all.
import { canonicalizeUrl } from './canonicalize-url.js';
import { foldLatin, normalizeTerm } from './normalize-term.js';
import type { Token, TokenKind } from './types.js';

// A word character: letter, digit or combining mark. ʼ (a letter in Unicode) is treated as an
// apostrophe; emoji presentation selectors and the keycap mark belong to emoji, not to words.
const WORD_CHAR = String.raw`(?:[A-Za-z0-9]|(?!\u02BC|\uFE0E|\uFE0F|\u20E3)[\p{L}\p{N}\p{M}])`;
// Hashtags and mentions may also contain underscores (as on Twitter, Instagram, Mastodon).
const TAG_CHAR = String.raw`(?:[A-Za-z0-9_]|(?!\u02BC|\uFE0E|\uFE0F|\u20E3)[\p{L}\p{N}\p{M}])`;
// The instance part of a fediverse handle is a domain name, so hyphens are allowed there.
const DOMAIN_CHAR = String.raw`(?:[A-Za-z0-9_\-]|(?!\u02BC|\uFE0E|\uFE0F|\u20E3)[\p{L}\p{N}\p{M}])`;
// A single one of these between word characters joins them (`McDonald's`); soft hyphens too,
// because web text (RSS, forums) carries them inside words.
const JOINER = String.raw`['\u2019\u02BC\uFF07\u00AD]`;

const WORD_RUN = new RegExp(`${WORD_CHAR}+(?:${JOINER}${WORD_CHAR}+)*`, 'uy');
const WORD_START = new RegExp(WORD_CHAR, 'uy');
const HASHTAG = new RegExp(`[#\\uFF03]${TAG_CHAR}+(?:${JOINER}${TAG_CHAR}+)*`, 'uy');
// `@jane.doe`, `@user@instance.social`: dots only between characters, so `@nike.` ends at `nike`.
const MENTION = new RegExp(`[@\\uFF20]${TAG_CHAR}+(?:\\.${TAG_CHAR}+)*(?:@${DOMAIN_CHAR}+(?:\\.${DOMAIN_CHAR}+)+)?`, 'uy');
// `$AAPL`: 1 to 6 letters and then no further word character (`$5`, `$AAPL1` are not cashtags).
const CASHTAG = /[$\uFF04]\p{L}{1,6}(?![\p{L}\p{N}\p{M}_])/uy;
const KEYCAP = /[0-9#*]\uFE0F?\u20E3[\p{Grapheme_Extend}\p{Emoji_Modifier}\u200D\p{Mc}]*/uy;
const EMOJI_START = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/uy;
// One emoji grapheme, by the rules of UAX #29 that apply from an emoji onwards: a pair of regional
// indicators (GB12) or a pictograph with its modifiers and ZWJ-joined pictographs (GB11), then any
// extending characters (GB9, GB9a). Intl.Segmenter gives the same clusters (a property test checks
// it) but costs about 2 µs per post that contains an emoji, more than the rest of the tokenizer.
const EMOJI_GRAPHEME =
  /(?:\p{Regional_Indicator}\p{Regional_Indicator}?|\p{Extended_Pictographic}[\p{Grapheme_Extend}\p{Emoji_Modifier}]*(?:\u200D\p{Extended_Pictographic}[\p{Grapheme_Extend}\p{Emoji_Modifier}]*)*)[\p{Grapheme_Extend}\p{Emoji_Modifier}\u200D\p{Mc}]*/uy;
const PREVIOUS_WORD_CHAR = /[\p{L}\p{N}\p{M}_]/uy;

// Characters that may appear in an address. Scripts written without spaces are left out: in
// Chinese, Japanese or Thai posts the text often follows a link with no space in between.
const URL_CHAR = String.raw`(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}])(?!\u02BC|\uFE0E|\uFE0F|\u20E3)[\p{L}\p{N}\p{M}])`;
const URL_RUN = new RegExp(`(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\\.)${URL_CHAR}+`, 'uy');

// Characters of (or used with: Script_Extensions, like ー) Chinese and Japanese.
const CJ_SCX = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}`;
// Within a run of word characters: a stretch of other characters, starting with a letter or digit
// (a combining mark after a Chinese or Japanese character belongs to that character's word).
const OTHER_SCRIPT_STRETCH = new RegExp(`[^${CJ_SCX}\\p{M}][^${CJ_SCX}]*`, 'gu');
const SOUTHEAST_ASIAN = /[\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
const NO_SPACE_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const ASCII_ONLY = /^\p{ASCII}*$/u;
const HAS_LETTER = /\p{L}/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// What must survive normalization for a grapheme to stay an emoji (`™️` folds to `tm`).
const STILL_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

// Non-ASCII normalization costs four ICU calls (about half a microsecond), and the same emoji and
// accented words recur across posts, so their norms are remembered. The cache is emptied when it
// fills up, which bounds memory without the bookkeeping of an LRU.
const NORM_CACHE_LIMIT = 20_000;
const normCache = new Map<string, string>();

function normalizeToken(raw: string): string {
  if (ASCII_ONLY.test(raw)) return normalizeTerm(raw);
  let norm = normCache.get(raw);
  if (norm === undefined) {
    if (normCache.size >= NORM_CACHE_LIMIT) normCache.clear();
    norm = normalizeTerm(raw);
    normCache.set(raw, norm);
  }
  return norm;
}

/** Receives the tokens of a text, in order. URL tokens have position -1; the others count from 0. */
export interface TokenSink {
  /** A word of ASCII letters and digits only, `text[start, end)`; its norm is its lower case (`upper`: it has capitals). */
  asciiWord(text: string, start: number, end: number, upper: boolean, position: number): void;
  /** Any other token, with its norm. */
  token(kind: TokenKind, norm: string, start: number, end: number, position: number): void;
  /**
   * false: the sink has no use for words containing characters of scripts written without spaces
   * (the matcher, whose terms in those scripts are substring terms). Such runs are then not cut
   * by ICU's dictionaries, the slowest part of tokenizing; only the words of other scripts inside
   * them reach the sink, and positions count differently from tokenize().
   */
  readonly noSpaceWords: boolean;
}

class TokenCollector implements TokenSink {
  readonly tokens: Token[] = [];
  readonly noSpaceWords = true;

  asciiWord(text: string, start: number, end: number, upper: boolean, position: number): void {
    const run = text.slice(start, end);
    this.tokens.push({ kind: 'word', norm: upper ? run.toLowerCase() : run, position, start, end });
  }

  token(kind: TokenKind, norm: string, start: number, end: number, position: number): void {
    this.tokens.push({ kind, norm, position, start, end });
  }
}

/** The tokens of `text`, in order. URL tokens have position -1; the others count from 0. */
export function tokenize(text: string): Token[] {
  const collector = new TokenCollector();
  new Scanner(text, collector).run();
  return collector.tokens;
}

/** Hands the tokens of `text` to `sink`, in order, as tokenize() would return them. */
export function scanTokens(text: string, sink: TokenSink): void {
  new Scanner(text, sink).run();
}

// The state of one scan. A class rather than closures: its methods are created once, not on
// every call (closures cost an allocation each, and transpilers may wrap them further).
class Scanner {
  position = 0;

  constructor(
    readonly text: string,
    readonly sink: TokenSink,
  ) {}

  run(): void {
    const text = this.text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      let next = -1;
      if (c < 0x80) {
        if (isAsciiAlphanumeric(c)) {
          // A run starts here, so the previous character is not a word character: `http`/`www`
          // here is the start of an address, not the end of a longer word.
          if ((c | 0x20) === 0x68 ? startsWithLower(text, i + 1, 'ttp') : (c | 0x20) === 0x77 && startsWithLower(text, i + 1, 'ww.')) next = this.url(i);
          if (next < 0 && c <= 0x39) next = this.keycap(i);
          if (next < 0) next = this.words(i);
        } else if (c === 0x23) {
          next = this.keycap(i);
          // A hashtag needs a letter (`#1` is a word), as on Twitter.
          if (next < 0) next = this.tagged(i, HASHTAG, 'hashtag', HAS_LETTER);
        } else if (c === 0x40) {
          next = this.tagged(i, MENTION, 'mention', HAS_LETTER_OR_DIGIT);
        } else if (c === 0x24) {
          next = this.tagged(i, CASHTAG, 'cashtag', HAS_LETTER);
        } else if (c === 0x2a) {
          next = this.keycap(i);
        }
      } else {
        // Emoji first: ℹ is both a letter and a pictograph, and it can start a ZWJ sequence.
        EMOJI_START.lastIndex = i;
        WORD_START.lastIndex = i;
        if (EMOJI_START.test(text)) {
          next = this.emoji(i);
        } else if (WORD_START.test(text)) {
          next = this.words(i);
        } else {
          if (c === 0xff03) next = this.tagged(i, HASHTAG, 'hashtag', HAS_LETTER);
          else if (c === 0xff20) next = this.tagged(i, MENTION, 'mention', HAS_LETTER_OR_DIGIT);
          else if (c === 0xff04) next = this.tagged(i, CASHTAG, 'cashtag', HAS_LETTER);
        }
      }
      // Nothing started here: skip the character (a whole surrogate pair, so that the sticky
      // regexes never start in the middle of one).
      i = next > i ? next : i + codePointLength(text, i);
    }
  }

  push(kind: TokenKind, norm: string, start: number, end: number): void {
    // A run made only of invisible characters folds to nothing; it is not a token.
    if (norm === '') return;
    this.sink.token(kind, norm, start, end, kind === 'url' ? -1 : this.position++);
  }

  /** The word run starting at `start` (which is a word character); returns its end. */
  words(start: number): number {
    // Most words are ASCII letters and digits, or Latin letters (U+00C0–U+024F), followed by an
    // ASCII character that is neither a letter, a digit nor a joiner: the run ends there, and it
    // has no script written without spaces. Its norm is its lower case, or the Latin fold.
    const text = this.text;
    let i = start;
    let c = text.charCodeAt(i);
    let upper = false;
    let latin = false;
    for (; i < text.length; c = text.charCodeAt(++i)) {
      if (c < 0x80) {
        if (!isAsciiAlphanumeric(c)) break;
        if (c <= 0x5a && c >= 0x41) upper = true;
      } else if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) {
        latin = true;
      } else {
        break;
      }
    }
    if (i > start && (i === text.length || (c < 0x80 && c !== 0x27))) {
      if (latin) {
        const run = text.slice(start, i);
        this.push('word', foldLatin(run) ?? normalizeToken(run), start, i);
      } else {
        this.sink.asciiWord(text, start, i, upper, this.position++);
      }
      return i;
    }
    WORD_RUN.lastIndex = start;
    WORD_RUN.test(this.text);
    const end = WORD_RUN.lastIndex;
    const run = this.text.slice(start, end);
    if (!NO_SPACE_SCRIPT.test(run)) {
      this.push('word', normalizeToken(run), start, end);
      return end;
    }
    // Chinese, Japanese, Thai …: ICU's dictionaries find the words; the matcher also matches
    // such terms as substrings of the folded text, so a segmentation miss does not lose a match.
    if (this.sink.noSpaceWords || SOUTHEAST_ASIAN.test(run)) {
      this.segment(run, start);
      return end;
    }
    // Only the stretches of other scripts (`iPhone15` in `iPhone15を買った`): word boundaries
    // always fall where such a stretch meets a Chinese or Japanese character (UAX #29), so each
    // stretch, segmented alone, gives the words that segmenting the whole run gives there. (Not
    // so for Thai, Lao, Khmer and Myanmar, which ICU joins to adjacent Latin letters: `abcภาษา`.)
    OTHER_SCRIPT_STRETCH.lastIndex = 0;
    for (let m = OTHER_SCRIPT_STRETCH.exec(run); m !== null; m = OTHER_SCRIPT_STRETCH.exec(run)) this.segment(m[0], start + m.index);
    return end;
  }

  /** The word-like segments of `run` (which starts at `start` in the text). */
  segment(run: string, start: number): void {
    for (const segment of WORDS.segment(run)) {
      if (!segment.isWordLike) continue;
      const s = start + segment.index;
      this.push('word', normalizeToken(segment.segment), s, s + segment.segment.length);
    }
  }

  emoji(start: number): number {
    EMOJI_GRAPHEME.lastIndex = start;
    EMOJI_GRAPHEME.test(this.text);
    const end = Math.max(EMOJI_GRAPHEME.lastIndex, start + codePointLength(this.text, start));
    const raw = this.text.slice(start, end);
    // © and ® without an emoji presentation selector are trademark signs (`Coca-Cola®`), and
    // giving them a position would break phrases such as "coca cola zero".
    if (raw === '\u00A9' || raw === '\u00AE') return end;
    const norm = normalizeToken(raw);
    if (STILL_EMOJI.test(norm)) this.push('emoji', norm, start, end);
    return end;
  }

  keycap(start: number): number {
    KEYCAP.lastIndex = start;
    if (!KEYCAP.test(this.text)) return -1;
    const end = KEYCAP.lastIndex;
    this.push('emoji', normalizeToken(this.text.slice(start, end)), start, end);
    return end;
  }

  url(start: number): number {
    URL_RUN.lastIndex = start;
    if (!URL_RUN.test(this.text)) return -1;
    const end = trimUrlEnd(this.text, start, URL_RUN.lastIndex);
    const canonical = canonicalizeUrl(this.text.slice(start, end));
    if (canonical === null) return -1;
    this.push('url', canonical.href, start, end);
    return end;
  }

  /** Hashtag, mention or cashtag at `start` (on its marker); -1 when there is none. */
  tagged(start: number, pattern: RegExp, kind: TokenKind, needs: RegExp): number {
    if (precededByWordChar(this.text, start)) return -1;
    pattern.lastIndex = start;
    if (!pattern.test(this.text)) return -1;
    const end = pattern.lastIndex;
    const body = this.text.slice(start + 1, end);
    if (!needs.test(body)) return -1;
    this.push(kind, normalizeToken(body), start, end);
    return end;
  }
}

/** Whether `text` at `i` is `lower` (ASCII lower case) with ASCII letters in any case. */
function startsWithLower(text: string, i: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = text.charCodeAt(i + k);
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** Whether the character before `i` is a letter, digit, mark or `_` (so `a#b`, `x@y` are not tags). */
function precededByWordChar(text: string, i: number): boolean {
  if (i === 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c < 0x80) return isAsciiAlphanumeric(c) || c === 0x5f;
  const isLow = c >= 0xdc00 && c <= 0xdfff;
  const prev = isLow && i >= 2 && codePointLength(text, i - 2) === 2 ? i - 2 : i - 1;
  PREVIOUS_WORD_CHAR.lastIndex = prev;
  return PREVIOUS_WORD_CHAR.test(text);
}

/**
 * Where an address that was matched up to `end` really ends: sentence punctuation after it is not
 * part of it (`see https://x.com/a).`), but balanced brackets are (`/wiki/Nike_(mythology)`).
 */
function trimUrlEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = text[e - 1];
    if (c === '.' || c === ',' || c === ';' || c === ':' || c === '!' || c === '?' || c === "'" || c === '*') {
      e--;
    } else if (c === ')' || c === ']' || c === '}') {
      const open = c === ')' ? '(' : c === ']' ? '[' : '{';
      let depth = 0;
      for (let k = start; k < e; k++) {
        if (text[k] === open) depth++;
        else if (text[k] === c) depth--;
      }
      if (depth >= 0) break;
      e--;
    } else {
      break;
    }
  }
  return e;
}
