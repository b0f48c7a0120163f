// Word lists and the valence lexicon for the English sentiment scorer (sentiment.ts).
//
// Provenance: the valence lexicon is VADER's (Hutto & Gilbert, ICWSM 2014), read from the file the
// npm package "vader-sentiment" (Apache-2.0, a port of cjhutto/vaderSentiment, MIT) ships, so nothing
// is downloaded at run time. The booster, negation and idiom lists and the constants are VADER's
// (vaderSentiment 3.3.2). The emoji valences are Parley's own, on the lexicon's −4…+4 scale: neither
// package ships VADER's emoji description table, and emoji are everywhere in social posts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Mean rating increase for a booster word ("very"), and decrease for a dampener ("slightly"). */
export const B_INCR = 0.293;
export const B_DECR = -0.293;
/** Mean rating increase for a sentiment word in ALL CAPS among words that are not. */
export const C_INCR = 0.733;
/** A negated word keeps 74 % of its strength with the sign flipped ("not good" ≈ −0.74 × good). */
export const N_SCALAR = -0.74;

export const NEGATIONS: ReadonlySet<string> = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt', "ain't", "aren't", "can't",
  "couldn't", "daren't", "didn't", "doesn't", 'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt',
  'mustnt', 'neither', "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", 'neednt',
  "needn't", 'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere', 'oughtnt', 'shant', 'shouldnt',
  'uhuh', 'wasnt', 'werent', "oughtn't", "shan't", "shouldn't", 'uh-uh', "wasn't", "weren't", 'without',
  'wont', 'wouldnt', "won't", "wouldn't", 'rarely', 'seldom', 'despite',
]);

const boosters = [
  'absolutely', 'amazingly', 'awfully', 'completely', 'considerably', 'decidedly', 'deeply', 'effing',
  'enormously', 'entirely', 'especially', 'exceptionally', 'extremely', 'fabulously', 'flipping',
  'flippin', 'frackin', 'fracking', 'fricking', 'frickin', 'frigging', 'friggin', 'fully', 'fuckin',
  'fucking', 'fuggin', 'fugging', 'greatly', 'hella', 'highly', 'hugely', 'incredibly', 'intensely',
  'majorly', 'more', 'most', 'particularly', 'purely', 'quite', 'really', 'remarkably', 'so',
  'substantially', 'thoroughly', 'totally', 'tremendously', 'uber', 'unbelievably', 'unusually',
  'utterly', 'very',
];
const dampeners = [
  'almost', 'barely', 'hardly', 'just enough', 'kind of', 'kinda', 'kindof', 'kind-of', 'less', 'little',
  'marginally', 'occasionally', 'partly', 'scarcely', 'slightly', 'somewhat', 'sort of', 'sorta',
  'sortof', 'sort-of',
];
/** Degree adverbs: how much they move the valence of the sentiment word they precede. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...boosters.map((word) => [word, B_INCR] as const),
  ...dampeners.map((word) => [word, B_DECR] as const),
]);

/** Multi-word expressions whose valence replaces that of the sentiment word inside them. */
export const IDIOMS: ReadonlyMap<string, number> = new Map([
  ['the shit', 3], ['the bomb', 3], ['bad ass', 1.5], ['badass', 1.5], ['bus stop', 0], ['yeah right', -2],
  ['kiss of death', -1.5], ['to die for', 3], ['beating heart', 3.1], ['broken heart', -2.9],
  ['cut the mustard', 2], ['hand to mouth', -2],
]);
/** Every word that occurs in an idiom: the idiom check builds phrases only around these. */
export const IDIOM_WORDS: ReadonlySet<string> = new Set([...IDIOMS.keys()].flatMap((idiom) => idiom.split(' ')));

// Emoji by code point (variation selectors and skin tones are dropped before the lookup).
const emoji: ReadonlyArray<readonly [string, number]> = [
  ['😀', 2.2], ['😃', 2.3], ['😄', 2.3], ['😁', 2.2], ['😆', 2.1], ['😅', 1.2], ['🤣', 2.4], ['😂', 1.8],
  ['🙂', 1.6], ['😉', 1.5], ['😊', 2.3], ['😇', 2.0], ['🥰', 2.9], ['😍', 2.9], ['🤩', 2.8], ['😘', 2.4],
  ['😗', 1.4], ['☺', 2.0], ['😚', 2.0], ['😙', 1.6], ['😋', 2.0], ['😛', 1.3], ['😜', 1.5], ['😝', 1.3],
  ['🤗', 2.2], ['🤑', 1.0], ['😎', 1.9], ['🥳', 2.7], ['🙃', 0.3], ['😌', 1.3], ['🤤', 0.8],
  ['😐', -0.3], ['😑', -0.6], ['😶', -0.3], ['😏', 0.4], ['😒', -1.6], ['🙄', -1.4], ['😬', -0.9],
  ['🤥', -1.3], ['😔', -1.7], ['😪', -1.2], ['😴', -0.3], ['😷', -1.2], ['🤒', -1.6], ['🤕', -1.8],
  ['🤢', -2.2], ['🤮', -2.6], ['🥵', -1.0], ['🥶', -1.0], ['😵', -1.5], ['🤯', -0.6], ['😕', -1.3],
  ['😟', -1.7], ['🙁', -1.7], ['☹', -2.0], ['😮', -0.2], ['😯', -0.2], ['😲', -0.2], ['😳', -0.8],
  ['🥺', -0.8], ['😦', -1.4], ['😧', -1.6], ['😨', -2.0], ['😰', -2.0], ['😥', -1.5], ['😢', -2.1],
  ['😭', -2.3], ['😱', -2.0], ['😖', -2.0], ['😣', -1.8], ['😞', -2.1], ['😓', -1.6], ['😩', -2.0],
  ['😫', -2.0], ['😤', -1.8], ['😡', -2.8], ['😠', -2.5], ['🤬', -3.1], ['👿', -2.4], ['💀', -1.0],
  ['💩', -1.8], ['🤡', -1.2], ['👎', -2.0], ['🖕', -2.6], ['👍', 1.9], ['👏', 2.0], ['🙌', 2.2], ['🙏', 1.2],
  ['💪', 1.6], ['👌', 1.7], ['❤', 2.7], ['♥', 2.6], ['🧡', 2.5], ['💛', 2.5], ['💚', 2.5], ['💙', 2.5],
  ['💜', 2.5], ['🖤', 1.5], ['🤍', 2.2], ['💕', 2.7], ['💖', 2.8], ['💗', 2.6], ['💓', 2.5], ['💞', 2.6],
  ['💘', 2.4], ['💝', 2.5], ['💔', -2.6], ['🔥', 1.5], ['✨', 1.5], ['🎉', 2.4], ['🥂', 2.0], ['🌟', 2.0],
  ['⭐', 1.6], ['💯', 2.0], ['✅', 1.2], ['❌', -1.4], ['⚠', -1.0], ['😺', 1.8], ['😻', 2.6], ['😿', -2.0],
  ['😾', -2.0], ['🙀', -1.2], ['😈', 0.5], ['👹', -1.6], ['🤦', -1.6], ['🤷', -0.3], ['😹', 1.8],
];
export const EMOJI: ReadonlyMap<string, number> = new Map(emoji);

function decode(bytes: Buffer): string {
  // The upstream file is ASCII apart from a few emoticons; if a release ever ships it in Latin-1,
  // decoding that as UTF-8 would silently turn those into U+FFFD, so fall back instead.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** VADER's lexicon, lower-case token → mean valence (−4…+4). Read once, when this module loads. */
export const LEXICON: ReadonlyMap<string, number> = (() => {
  const file = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt');
  const lexicon = new Map<string, number>();
  for (const line of decode(readFileSync(file)).split('\n')) {
    const first = line.indexOf('\t');
    if (first <= 0) continue;
    const second = line.indexOf('\t', first + 1);
    const valence = Number(line.slice(first + 1, second === -1 ? undefined : second));
    if (Number.isFinite(valence)) lexicon.set(line.slice(0, first).toLowerCase(), valence);
  }
  return lexicon;
})();
