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
  const folded = s.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(INNER_APOSTROPHE, '');
  // NFD exposes accents as separate marks; NFC afterwards recomposes what is kept (Indic, Arabic,
  // Hangul …) so that the result is already in the form the next NFKC would produce.
  return folded.normalize('NFD').replace(ACCENTED_LGC, '$1').normalize('NFC');
}
