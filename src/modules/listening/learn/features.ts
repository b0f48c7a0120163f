// What the per-workspace correction model sees of a mention: hashed words and word pairs of the
// analyzed text, emoji, negation marks, the language, and the machine's own sentiment (lexicon score
// and label) as dense features, so the model learns corrections on top of the machine, not from zero.
import type { Sentiment, SentimentLabel } from '../enrich/sentiment.js';
import type { AnalyzedPost, Token } from '../text/types.js';

/** A sparse feature vector. Indices may repeat (hash collisions); their values then add up. */
export type SparseFeatures = { indices: Uint32Array; values: Float32Array };

/** 2^18 buckets: few enough for a compact model, enough that a workspace's vocabulary rarely collides. */
export const FEATURE_BITS = 18;
export const FEATURE_DIMENSION = 1 << FEATURE_BITS;

// Dense features sit at fixed indices below HASHED_START; hashed features fill the rest.
const BIAS = 0;
const SCORE = 1;
const SCORE_ABS = 2;
const LABEL_ONE_HOT: Record<SentimentLabel, number> = { negative: 3, neutral: 4, positive: 5 };
const NO_TOKENS = 6;
const HASHED_START = 16;
const HASHED_MASK = FEATURE_DIMENSION - 1;
/** The number of dense features, for callers that show what the model leans on. */
export const DENSE_FEATURES = HASHED_START;

// Namespaces keep, say, the word "fail" and the hashtag #fail apart, and a word from the same word
// after a negation.
const NS_KIND: Record<Token['kind'], number> = { word: 0x1b873593, hashtag: 0x2c1b3c6d, mention: 0x297a2d39, cashtag: 0x6b4e8f1d, url: 0x5f356495, emoji: 0x68e31da4 };
const NS_NEGATED = 0x7feb352d;
const NS_BIGRAM = 0x3c6ef372;
const NS_LANG = 0x0a3c5e9b;
const NS_HOST = 0x4cf5ad43;

// Negators of the languages listening covers, after analysis (lower case, accents and apostrophes
// removed: "don't" → "dont", "não" → "nao"). A word after one of them, up to NEGATION_SPAN words,
// also counts as a negated word, so "not good" and "good" are told apart cheaply.
const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'nobody', 'nothing', 'neither', 'nor', 'none', 'cannot', 'cant', 'dont', 'doesnt', 'didnt',
  'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'hasnt', 'havent', 'hadnt', 'aint',
  'ne', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'nunca', 'nada', 'nadie', 'ningun', 'ninguno', 'ninguna',
  'nicht', 'kein', 'keine', 'keinen', 'nie', 'niemals', 'nichts', 'non', 'mai', 'niente', 'nessuno', 'nao', 'nem',
  'ninguem', 'لا', 'لم', 'لن', 'ما', 'ليس', 'مش', 'نهيں', 'नहीं', 'न', 'मत', 'कभी',
]);
const NEGATION_SPAN = 3;

/** 32-bit FNV-1a of a string, started from `seed`, then mixed (murmur3 finalizer) so low bits spread. */
function hashString(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix(hash);
}

function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

// Reused between calls (extraction is synchronous), so the hot path grows no per-call arrays.
let scratchIndices = new Uint32Array(256);
let scratchValues = new Float32Array(256);
let scratchHashes = new Uint32Array(128);
let count = 0;

function putDense(index: number, value: number): void {
  scratchIndices[count] = index;
  scratchValues[count++] = value;
}

/** Appends a hashed feature; the top bit signs it, so colliding features cancel out on average instead of adding up. */
function put(hash: number, value: number): void {
  scratchIndices[count] = HASHED_START + ((hash & HASHED_MASK) % (FEATURE_DIMENSION - HASHED_START));
  scratchValues[count++] = hash & 0x80000000 ? -value : value;
}

/**
 * Features of one mention: its analyzed post and the machine's sentiment of it (scoreSentiment).
 * `lang` defaults to the post's language; pass the detected one when the source gave none.
 */
export function extractFeatures(post: AnalyzedPost, sentiment: Sentiment, lang: string | null = post.lang): SparseFeatures {
  const tokens = post.title === null ? post.text.tokens : [...post.title.tokens, ...post.text.tokens];
  const needed = tokens.length * 3 + 16;
  if (scratchIndices.length < needed) {
    scratchIndices = new Uint32Array(needed * 2);
    scratchValues = new Float32Array(needed * 2);
  }
  if (scratchHashes.length < tokens.length) scratchHashes = new Uint32Array(tokens.length * 2);
  const hashes = scratchHashes;

  // Text features are scaled so their vector has about unit length whatever the post's length: a
  // long post does not outvote the dense features by its size alone.
  let textFeatures = 0;
  for (const token of tokens) textFeatures += token.kind === 'word' || token.kind === 'emoji' ? 2 : 1;
  const weight = textFeatures === 0 ? 0 : 1 / Math.sqrt(textFeatures);

  count = 0;
  putDense(BIAS, 1);
  putDense(SCORE, sentiment.score);
  putDense(SCORE_ABS, Math.abs(sentiment.score));
  putDense(LABEL_ONE_HOT[sentiment.label], 1);
  if (tokens.length === 0) putDense(NO_TOKENS, 1);
  if (lang !== null && lang !== '') put(hashString(lang, NS_LANG), 1);

  let negatedFor = 0;
  let previous = -1; // index in `hashes` of the previous word or emoji, for word pairs
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'url') {
      // A link counts by its host: the full address is almost always unique to one post.
      const host = post.links.find((link) => link.href === token.norm)?.host ?? token.norm;
      put(hashString(host, NS_HOST), weight);
      continue;
    }
    const hash = hashString(token.norm, NS_KIND[token.kind]);
    hashes[i] = hash;
    put(hash, weight);
    if (token.kind !== 'word' && token.kind !== 'emoji') {
      previous = -1;
      continue;
    }
    if (negatedFor > 0) {
      put(mix(hash ^ NS_NEGATED), weight);
      negatedFor--;
    }
    if (token.kind === 'word' && NEGATORS.has(token.norm)) negatedFor = NEGATION_SPAN;
    if (previous !== -1) put(mix(Math.imul(hashes[previous]!, 31) ^ hash ^ NS_BIGRAM), weight);
    previous = i;
  }
  return { indices: scratchIndices.slice(0, count), values: scratchValues.slice(0, count) };
}
