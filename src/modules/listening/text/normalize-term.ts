// The normal form shared by tokens, query terms and the folded text (specs/query-language.md, "Tokens").
// Queries and posts must fold identically, so every token norm and every query term goes through
// this one function, and applying it twice must give the same result as applying it once.

// Most tokens in real posts are plain ASCII; for them NFKC, NFD and mark stripping are no-ops, so
// we skip four ICU calls per token (the tokenizer's throughput depends on this).
const ASCII = /^\p{ASCII}*$/u;
const ASCII_INNER_APOSTROPHE = /(?<=[A-Za-z0-9])'(?=[A-Za-z0-9])/g;

// Emoji presentation selectors and soft hyphens are invisible: `❤️` and `❤` are the same emoji, and
// `infor\u00ADmation` is one word. Removing them keeps emoji norms and hyphenated web text stable.
const INVISIBLE = /[\uFE0E\uFE0F\u00AD]/g;

// An apostrophe between two word characters joins them (`don’t` → `dont`). U+02BC (ʼ) is itself a
// letter in Unicode, so it is excluded from the neighbours: otherwise `aʼ'b` would lose one
// apostrophe per call and the function would not be idempotent.
const INNER_APOSTROPHE =
  /(?<=[\p{L}\p{N}\p{M}])(?<!\u02BC)['\u2019\u02BC](?!\u02BC)(?=[\p{L}\p{N}\p{M}])/gu;

// Accents are stripped only from Latin, Greek and Cyrillic letters: in scripts such as Devanagari
// or Arabic the combining marks are vowels and consonant modifiers, and removing them would change
// or destroy the word.
const ACCENTED_LGC = /([\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])\p{M}+/gu;

/**
 * NFKC, lower case, accents removed (Latin, Greek and Cyrillic only), presentation selectors and
 * soft hyphens removed, apostrophes inside words dropped. Idempotent.
 */
export function normalizeTerm(s: string): string {
  if (ASCII.test(s)) {
    const lower = s.toLowerCase();
    return lower.includes("'") ? lower.replace(ASCII_INNER_APOSTROPHE, '') : lower;
  }
  return foldLatin(s) ?? foldUnicode(s);
}

// Text in Western European languages is ASCII plus letters of Latin-1 and Latin Extended-A/B. Those
// letters fold the same alone as in a word (no combining marks, no context), so a table of each
// one's fold, made with foldUnicode itself, replaces the four ICU calls. Characters whose fold
// could interact with a neighbour (marks, apostrophes, invisible ones) are left out of the table,
// and a string with any character outside it takes the general path.
const LATIN_FIRST = 0xa0;
const LATIN_LAST = 0x24f;
const LETTER_LIKE = /[\p{L}\p{N}\p{M}]/u;
const UNSAFE_IN_FOLD = /\p{M}|['\u2019\u02BC\u00AD]|\uFE0E|\uFE0F/u;
let latinTable: (string | null)[] | null = null;

function buildLatinTable(): (string | null)[] {
  const table: (string | null)[] = [];
  for (let c = LATIN_FIRST; c <= LATIN_LAST; c++) {
    const char = String.fromCharCode(c);
    const folded = foldUnicode(char);
    const before = char.normalize('NFKC').toLowerCase();
    const safe =
      folded !== '' &&
      !UNSAFE_IN_FOLD.test(folded) &&
      !UNSAFE_IN_FOLD.test(before) &&
      // The apostrophe rule looks at the neighbours before accents go: they must be alike after.
      LETTER_LIKE.test(before[0]!) === LETTER_LIKE.test(folded[0]!) &&
      LETTER_LIKE.test(before.at(-1)!) === LETTER_LIKE.test(folded.at(-1)!);
    table.push(safe ? folded : null);
  }
  return table;
}

/** The fold of a string of ASCII and table characters; null when another character is in it. */
export function foldLatin(s: string): string | null {
  const table = (latinTable ??= buildLatinTable());
  let out = '';
  let apostrophe = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 32);
      else {
        if (c === 0x27) apostrophe = true;
        out += s[i];
      }
    } else if (c >= LATIN_FIRST && c <= LATIN_LAST) {
      const folded = table[c - LATIN_FIRST];
      if (folded === null || folded === undefined) return null;
      out += folded;
    } else {
      return null;
    }
  }
  return apostrophe ? out.replace(INNER_APOSTROPHE, '') : out;
}

/** The general path of normalizeTerm, for any string. Exported for tests. */
export function foldUnicode(s: string): string {
  const folded = s.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(INNER_APOSTROPHE, '');
  // NFD exposes accents as separate marks; NFC afterwards recomposes what is kept (Indic, Arabic,
  // Hangul …) so that the result is already in the form the next NFKC would produce.
  return folded.normalize('NFD').replace(ACCENTED_LGC, '$1').normalize('NFC');
}
