// A reproducible synthetic listening workload for `parley bench listening` (specs/cli.md): queries in
// the style of real brand monitoring (specs/query-language.md) and posts with a realistic length
// distribution, language mix, hashtags, mentions, links and emoji. Everything comes from one small
// seeded PRNG and from words generated out of syllables, so the same seed gives the same workload
// on every machine and no third-party text is shipped.
import type { Post } from '../text/types.js';

export type WorkloadQuery = { id: string; query: string; topic: string };
export type Workload = { queries: WorkloadQuery[]; posts: Post[] };

/** sfc32: small, fast, and good enough for a benchmark; state seeded from one 32-bit number. */
export function createRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

type Random = () => number;

const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s (Zipf). */
class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, s = 1.05) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) this.cumulative[r] = total += 1 / Math.pow(r + 1, s);
    for (let r = 0; r < n; r++) this.cumulative[r]! /= total;
  }

  draw(random: Random): number {
    const u = random();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// --- Languages -----------------------------------------------------------------------------------

type Language = {
  code: string;
  /** share of posts */
  weight: number;
  /** the most frequent words, written by hand: they dominate real text */
  stopwords: string[];
  onsets: string[];
  vowels: string[];
  codas: string[];
  /** words from a script written without spaces */
  noSpaces?: boolean;
};

const LANGUAGES: Language[] = [
  {
    code: 'en',
    weight: 52,
    stopwords: 'the and to a of i it is in you that for my this on with just be so but not was have are me at they all like if get what do can no out up your we love new one'.split(' '),
    onsets: ['b', 'br', 'c', 'ch', 'cl', 'd', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'r', 's', 'sh', 'sl', 'st', 't', 'th', 'tr', 'w', 'wh', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'ea', 'oo', 'ai', 'y'],
    codas: ['', '', 'n', 'r', 't', 'st', 'ck', 'nd', 'll', 'ng', 'sh', 's', 'ty', 'ing', 'er'],
  },
  {
    code: 'es',
    weight: 12,
    stopwords: 'de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o muy también me hay mi'.split(' '),
    onsets: ['b', 'c', 'ch', 'd', 'f', 'g', 'j', 'l', 'll', 'm', 'n', 'ñ', 'p', 'qu', 'r', 's', 't', 'v', 'z', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'á', 'é', 'ó', 'ue', 'ie'],
    codas: ['', '', '', 'n', 's', 'r', 'l', 'ción', 'dad', 'do', 'da'],
  },
  {
    code: 'pt',
    weight: 8,
    stopwords: 'de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou muito'.split(' '),
    onsets: ['b', 'c', 'ch', 'd', 'f', 'g', 'j', 'l', 'lh', 'm', 'n', 'nh', 'p', 'r', 's', 't', 'v', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'ã', 'õ', 'ê', 'á', 'ei'],
    codas: ['', '', 'ção', 's', 'r', 'm', 'l', 'dade', 'do', 'inho'],
  },
  {
    code: 'fr',
    weight: 7,
    stopwords: 'de la le et les des en un du une que est pour qui dans à par plus pas au sur ne se ce il sont avec mais on ou très'.split(' '),
    onsets: ['b', 'c', 'ch', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'qu', 'r', 's', 't', 'v', 'tr', 'pr', ''],
    vowels: ['a', 'e', 'i', 'o', 'ou', 'é', 'è', 'ai', 'eu', 'au', 'oi'],
    codas: ['', '', 'n', 'r', 's', 't', 'x', 'ment', 'tion', 'ette', 'eur'],
  },
  {
    code: 'de',
    weight: 6,
    stopwords: 'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an er hat aus bei sehr ich'.split(' '),
    onsets: ['b', 'br', 'd', 'f', 'g', 'h', 'k', 'kl', 'l', 'm', 'n', 'p', 'pf', 'r', 's', 'sch', 'st', 't', 'w', 'z', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'ä', 'ö', 'ü', 'ei', 'au', 'ie'],
    codas: ['', 'n', 'r', 't', 'ch', 'ng', 'st', 'lich', 'ung', 'keit', 'en'],
  },
  {
    code: 'it',
    weight: 4,
    stopwords: 'di e il la che in a per un è non una del con i le si da al come ma più sono anche ho molto'.split(' '),
    onsets: ['b', 'c', 'ch', 'd', 'f', 'g', 'gl', 'l', 'm', 'n', 'p', 'r', 's', 'sc', 't', 'v', 'z', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'ia', 'io', 'à', 'ò'],
    codas: ['', '', '', 'n', 'r', 'l', 'tto', 'zione', 'mente', 'ino'],
  },
  {
    code: 'nl',
    weight: 3,
    stopwords: 'de van een het en in is op te dat voor met zijn niet aan er ook als maar bij om nog wel heel'.split(' '),
    onsets: ['b', 'd', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 'sch', 't', 'v', 'w', 'z', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'aa', 'ee', 'oo', 'ij', 'ui'],
    codas: ['', 'n', 'r', 't', 'k', 'ng', 'lijk', 'heid', 'en'],
  },
  {
    code: 'ja',
    weight: 5,
    stopwords: ['の', 'に', 'は', 'を', 'た', 'が', 'で', 'て', 'と', 'し', 'れ', 'さ', 'ある', 'いる', 'です', 'ます', 'この', 'それ'],
    onsets: [...'かきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ'],
    vowels: [...'アイウエオカキクケコサシスセソタチツテトナニヌネノ'],
    // 1,500 kanji spread over the CJK block: real Japanese text draws on thousands.
    codas: Array.from({ length: 1500 }, (_, i) => String.fromCharCode(0x4e00 + i * 13)),
    noSpaces: true,
  },
  {
    code: 'tr',
    weight: 2,
    stopwords: 've bir bu da de için ile çok ne ama daha gibi var ben sen o'.split(' '),
    onsets: ['b', 'c', 'ç', 'd', 'g', 'k', 'l', 'm', 'n', 's', 'ş', 't', 'y', ''],
    vowels: ['a', 'e', 'ı', 'i', 'o', 'ö', 'u', 'ü'],
    codas: ['', 'n', 'r', 'k', 'lar', 'ler', 'm', 'dı'],
  },
  {
    code: 'pl',
    weight: 1,
    stopwords: 'i w na nie z się do to że jest o jak ale po co tak za od'.split(' '),
    onsets: ['b', 'cz', 'd', 'g', 'k', 'l', 'ł', 'm', 'n', 'p', 'pr', 'r', 's', 'sz', 'ś', 't', 'w', 'z', 'ż', ''],
    vowels: ['a', 'e', 'i', 'o', 'u', 'y', 'ą', 'ę', 'ó'],
    codas: ['', 'n', 'k', 'ć', 'ski', 'ny', 'ka', 'wa'],
  },
];

const VOCABULARY_SIZE = 40_000;

type Vocabulary = { language: Language; words: string[]; zipf: Zipf };

function syllableWord(random: Random, language: Language): string {
  if (language.noSpaces) {
    const parts = [language.onsets, language.vowels, language.codas];
    let word = '';
    const n = int(random, 2, 4);
    for (let i = 0; i < n; i++) word += pick(random, parts[int(random, 0, 2)]!);
    return word;
  }
  let word = '';
  const syllables = 1 + Math.min(4, Math.floor(-Math.log(1 - random()) * 1.3));
  for (let i = 0; i < syllables; i++) word += pick(random, language.onsets) + pick(random, language.vowels);
  return word + pick(random, language.codas);
}

function buildVocabulary(random: Random, language: Language): Vocabulary {
  const seen = new Set<string>(language.stopwords);
  const words = [...language.stopwords];
  for (let attempts = 0; words.length < VOCABULARY_SIZE && attempts < VOCABULARY_SIZE * 20; attempts++) {
    const word = syllableWord(random, language);
    if (word.length < 2 || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return { language, words, zipf: new Zipf(words.length) };
}

// --- Brands --------------------------------------------------------------------------------------

type Brand = {
  name: string;
  handle: string;
  /** a common misspelling */
  misspelling: string;
  products: string[];
  domain: string;
  /** words people use about it (complaints, features), drawn from the English vocabulary */
  context: string[];
};

const BRAND_SYLLABLES = ['zor', 'vak', 'tel', 'mi', 'ra', 'qu', 'ix', 'bo', 'lux', 'an', 'ver', 'so', 'nik', 'ta', 'kel', 'dro', 'fen', 'ly', 'zu', 'pra', 'gon', 'ex', 'mo', 'vi', 'sta', 'kor', 'al', 'den', 'tri', 'ca', 'pho', 'wex', 'yo', 'ne', 'ul', 'gri', 'sen', 'ax', 'bel', 'cor'];
const PRODUCT_WORDS = ['air', 'max', 'pro', 'ultra', 'lite', 'go', 'one', 'plus', 'mini', 'neo', 'x', 'flex', 'run', 'zero', 'prime', 'edge', 'boost', 'classic', 'sport', 'home', 'cloud', 'pay', 'care', 'kids', 'studio', 'fit', 'eco', 'turbo'];
const COMPLAINTS = ['broken', 'refund', 'scam', 'worst', 'terrible', 'cancel', 'late', 'recall', 'outage', 'down', 'lawsuit', 'hack', 'leak', 'rude', 'overpriced', 'support', 'customer service'];
const PRAISE = ['love', 'amazing', 'best', 'great', 'recommend', 'awesome', 'favorite', 'perfect', 'obsessed'];
const EXCLUSIONS = ['"job offer"', 'hiring', 'giveaway', '"promo code"', '"for sale"', 'coupon', 'nsfw', '"we are hiring"'];
const EMOJI = ['😂', '❤️', '🔥', '😍', '👍', '😭', '🙏', '😊', '💯', '🤔', '😡', '👏', '🎉', '✨', '🥰', '😎', '💪', '🙄', '😢', '🤣', '👍🏽', '👩‍💻', '🇪🇸', '🇯🇵', '❤️‍🔥', '⭐'];
const CHANNELS: [string, number][] = [['twitter', 40], ['instagram', 12], ['facebook', 10], ['reddit', 10], ['mastodon', 4], ['bluesky', 5], ['youtube', 6], ['rss', 5], ['review', 4], ['forum', 4]];
const COUNTRIES: Record<string, string[]> = { en: ['us', 'gb', 'ca', 'au', 'in', 'ie'], es: ['es', 'mx', 'ar', 'co', 'cl'], pt: ['br', 'pt'], fr: ['fr', 'be', 'ca'], de: ['de', 'at', 'ch'], it: ['it'], nl: ['nl', 'be'], ja: ['jp'], tr: ['tr'], pl: ['pl'] };
const TLDS = ['com', 'com', 'com', 'net', 'io', 'co.uk', 'de', 'fr', 'es', 'com.br', 'org'];

function misspell(random: Random, name: string): string {
  const i = int(random, 1, name.length - 2);
  switch (int(random, 0, 2)) {
    case 0:
      return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2); // swapped letters
    case 1:
      return name.slice(0, i) + name.slice(i + 1); // dropped letter
    default:
      return name.slice(0, i) + name[i] + name.slice(i); // doubled letter
  }
}

/** A misspelling that is not itself a common word (else it would be a bad query, not a misspelling). */
function misspelling(random: Random, name: string, common: Set<string>): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = misspell(random, name);
    if (candidate.length >= 5 && candidate !== name && !common.has(candidate)) return candidate;
  }
  return `${name}s`;
}

function buildBrands(random: Random, count: number, english: Vocabulary): Brand[] {
  const brands: Brand[] = [];
  const taken = new Set<string>();
  const common = new Set(english.words.slice(0, 20_000));
  // A few brands are ordinary words (think "apple", "shell"): they are the noisy ones in practice.
  for (let attempts = 0; brands.length < count && attempts < count * 50; attempts++) {
    let name: string;
    if (chance(random, 0.04)) {
      name = english.words[int(random, 1000, 6000)]!;
    } else {
      name = '';
      const syllables = int(random, 2, attempts > count * 10 ? 5 : 3);
      for (let i = 0; i < syllables; i++) name += pick(random, BRAND_SYLLABLES);
    }
    if (name.length < 5 || !/^[a-z]+$/.test(name) || taken.has(name)) continue;
    taken.add(name);
    const products: string[] = [];
    const productCount = int(random, 1, 4);
    for (let i = 0; i < productCount; i++) products.push(pick(random, PRODUCT_WORDS));
    const context: string[] = [];
    for (let i = int(random, 3, 8); i > 0; i--) context.push(english.words[int(random, 300, 8000)]!);
    brands.push({
      name,
      handle: chance(random, 0.5) ? name : `${name}${pick(random, ['official', 'support', 'hq', 'app', 'us'])}`,
      misspelling: misspelling(random, name, common),
      products: [...new Set(products)],
      domain: `${name}.${pick(random, TLDS)}`,
      context,
    });
  }
  return brands;
}

// --- Queries -------------------------------------------------------------------------------------

function orList(terms: string[]): string {
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

function brandGroup(random: Random, brand: Brand): string {
  const terms = [brand.name];
  if (chance(random, 0.6)) terms.push(brand.misspelling);
  if (chance(random, 0.5)) terms.push(`#${brand.name}`);
  if (chance(random, 0.4)) terms.push(`@${brand.handle}`);
  if (chance(random, 0.2) && brand.name.length >= 6) terms.push(`${brand.name.slice(0, Math.max(5, brand.name.length - 2))}*`);
  return orList(terms);
}

function exclusions(random: Random): string {
  let out = '';
  const n = chance(random, 0.5) ? int(random, 1, 3) : 0;
  for (let i = 0; i < n; i++) out += ` -${pick(random, EXCLUSIONS)}`;
  return out;
}

function topicTerms(random: Random, vocabulary: Vocabulary, min: number, max: number): string[] {
  const terms = new Set<string>();
  const n = int(random, min, max);
  while (terms.size < n) {
    const word = vocabulary.words[int(random, 8000, vocabulary.words.length - 1)]!;
    if (word.length < 4) continue;
    // Two-word phrases are common in topic lists ("electric car", "charging station").
    terms.add(chance(random, 0.25) ? `"${word} ${vocabulary.words[int(random, 100, 3000)]!}"` : word);
  }
  return [...terms];
}

function makeQuery(random: Random, brand: Brand, vocabularies: Vocabulary[]): { query: string; topic: string } {
  const roll = random();
  const product = pick(random, brand.products);
  if (roll < 0.3) return { query: brandGroup(random, brand) + exclusions(random), topic: 'brand' };
  if (roll < 0.42) {
    const forms = [`"${brand.name} ${product}"`, `#${brand.name}${product}`];
    if (chance(random, 0.3)) forms.push(`"${brand.name} ${product}"~3`);
    return { query: orList(forms) + exclusions(random), topic: 'product' };
  }
  if (roll < 0.52) {
    const words = [...new Set([...brand.context.slice(0, 3), ...COMPLAINTS.filter(() => chance(random, 0.25))])].map((w) => (w.includes(' ') ? `"${w}"` : w));
    return { query: `${brandGroup(random, brand)} NEAR/${int(random, 3, 10)} ${orList(words.length ? words : ['refund'])}`, topic: 'crisis' };
  }
  if (roll < 0.6) {
    const vocabulary = pick(random, vocabularies.slice(1, 7));
    return { query: `lang:${vocabulary.language.code} ${brandGroup(random, brand)}${exclusions(random)}`, topic: 'market' };
  }
  if (roll < 0.66) {
    const parts = [`site:${brand.domain}`, `links:${brand.domain}`, `@${brand.handle}`, `author:${brand.handle}`].filter(() => chance(random, 0.6));
    return { query: orList(parts.length ? parts : [`links:${brand.domain}`]), topic: 'owned' };
  }
  if (roll < 0.71) return { query: `title:${brand.name} OR (${brand.name} (${PRAISE.filter(() => chance(random, 0.4)).concat('review').join(' OR ')}))`, topic: 'reviews' };
  if (roll < 0.84) {
    // Brand plus what people say about it: an OR-list of the brand's context and topic words.
    const words = [...new Set([...brand.context, ...topicTerms(random, vocabularies[0]!, 2, 20)])];
    return { query: `${brandGroup(random, brand)} ${orList(words)}${exclusions(random)}`, topic: 'topic' };
  }
  if (roll < 0.96) {
    // An industry topic: one OR-list of 5 to 30 rarer words, often narrowed to one language.
    const vocabulary = chance(random, 0.7) ? vocabularies[0]! : pick(random, vocabularies);
    const lang = chance(random, 0.5) ? `lang:${vocabulary.language.code} ` : '';
    const first = topicTerms(random, vocabulary, 5, 30);
    // Usually narrowed by a second list: an OR-list alone would match a large share of all posts.
    const second = chance(random, 0.9) ? ` ${orList(topicTerms(random, vocabulary, 3, 10))}` : '';
    return { query: `${lang}${orList(first)}${second}${exclusions(random)}`, topic: 'industry' };
  }
  if (roll < 0.995) {
    return { query: `(${brand.name.length >= 6 ? `${brand.name}*` : brand.name} OR ${brand.misspelling}) -${brand.name}${pick(random, ['jobs', 'careers'])}${exclusions(random)}`, topic: 'brand' };
  }
  // Now and then a query the matcher cannot index: it is checked against every post.
  return { query: chance(random, 0.5) ? `raw:"${brand.name.toUpperCase()}"` : `url:${brand.name}`, topic: 'unindexable' };
}

// --- Posts ---------------------------------------------------------------------------------------

function weightedPick<T>(random: Random, items: [T, number][]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let u = random() * total;
  for (const [item, w] of items) if ((u -= w) < 0) return item;
  return items[items.length - 1]![0];
}

function postLength(random: Random): number {
  const roll = random();
  // Short posts (tweets, comments), medium ones (captions, reviews) and a few long forum or blog posts.
  if (roll < 0.8) return Math.min(55, Math.max(3, Math.round(Math.exp(2 + random() * 1.6))));
  if (roll < 0.95) return int(random, 50, 180);
  return int(random, 200, 1500);
}

function sentence(random: Random, vocabulary: Vocabulary, words: number, inject: string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(vocabulary.words[vocabulary.zipf.draw(random)]!);
  for (const word of inject) parts.splice(int(random, 0, parts.length), 0, word);
  if (vocabulary.language.noSpaces) {
    let text = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const latin = /^[#@a-z]/i.test(part);
      text += latin ? ` ${part} ` : part;
      if (i % int(random, 4, 9) === 3) text += pick(random, ['、', '。', '！', '']);
    }
    return `${text}。`;
  }
  let text = '';
  let sinceStop = 0;
  for (let i = 0; i < parts.length; i++) {
    let word = parts[i]!;
    if (sinceStop === 0) word = word[0]!.toUpperCase() + word.slice(1);
    text += i === 0 ? word : ` ${word}`;
    sinceStop++;
    if (sinceStop > 4 && chance(random, 0.12)) {
      text += pick(random, ['.', '.', '.', '!', '?', ',', '...', ' -']);
      sinceStop = pick(random, [0, 0, 0, 1, 1]);
    }
  }
  return `${text}${pick(random, ['.', '!', '', '?', '!!'])}`;
}

function handleOf(random: Random, vocabulary: Vocabulary): string {
  const base = vocabulary.language.noSpaces ? pick(random, BRAND_SYLLABLES) + pick(random, BRAND_SYLLABLES) : vocabulary.words[int(random, 50, 20000)]!;
  return `${base.normalize('NFD').replace(/[^a-z]/gi, '')}${chance(random, 0.5) ? int(random, 1, 9999) : pick(random, ['_', 'x', 'official', ''])}`;
}

function makePost(random: Random, id: number, vocabularies: Vocabulary[], languageWeights: [Vocabulary, number][], brands: Brand[], brandZipf: Zipf): Post {
  const vocabulary = weightedPick(random, languageWeights);
  const english = vocabularies[0]!;
  const channel = weightedPick(random, CHANNELS);
  const length = postLength(random);
  const inject: string[] = [];

  // One post in five talks about one of the monitored brands (popular brands far more often).
  if (brands.length > 0 && chance(random, 0.2)) {
    const brand = brands[brandZipf.draw(random)]!;
    const roll = random();
    const name = chance(random, 0.3) ? brand.name[0]!.toUpperCase() + brand.name.slice(1) : brand.name;
    inject.push(roll < 0.55 ? name : roll < 0.7 ? `#${brand.name}` : roll < 0.8 ? `@${brand.handle}` : roll < 0.9 ? brand.misspelling : `${name} ${pick(random, brand.products)}`);
    if (chance(random, 0.3)) inject.push(pick(random, brand.context));
    if (chance(random, 0.15)) inject.push(pick(random, COMPLAINTS));
    if (chance(random, 0.15)) inject.push(pick(random, PRAISE));
    if (chance(random, 0.05)) inject.push(pick(random, ['job offer', 'we are hiring', 'giveaway', 'promo code']));
    if (chance(random, 0.1)) inject.push(`https://${brand.domain}/${english.words[int(random, 100, 5000)]}`);
  }
  if (chance(random, 0.3)) for (let i = int(random, 1, 3); i > 0; i--) inject.push(`#${vocabulary.language.noSpaces ? pick(random, english.words.slice(50, 3000)) : vocabulary.words[vocabulary.zipf.draw(random)]}`);
  if (chance(random, 0.2)) inject.push(`@${handleOf(random, vocabulary)}`);
  if (chance(random, 0.15)) inject.push(`https://${pick(random, ['t.co', 'bit.ly', 'www.youtube.com', 'news.example.com', 'shop.example.net', 'instagram.com'])}/${english.words[int(random, 100, 9000)]}${chance(random, 0.4) ? `?utm_source=${channel}` : ''}`);
  if (chance(random, 0.3)) for (let i = int(random, 1, 3); i > 0; i--) inject.push(pick(random, EMOJI));

  const long = length > 150;
  let text = '';
  if (long) {
    // Paragraphs of 30 to 120 words; what is injected goes into the first one.
    let remaining = length;
    let first = true;
    while (remaining > 0) {
      const words = Math.min(remaining, int(random, 30, 120));
      text += (text ? '\n\n' : '') + sentence(random, vocabulary, words, first ? inject : []);
      remaining -= words;
      first = false;
    }
  } else {
    text = sentence(random, vocabulary, length, inject);
  }

  const author = handleOf(random, vocabulary);
  const post: Post = { id: `p${id}`, text, author, channel };
  // Sources tell the language most of the time; otherwise enrichment detects it.
  if (chance(random, 0.85)) post.lang = vocabulary.language.code;
  if (chance(random, 0.4)) post.country = pick(random, COUNTRIES[vocabulary.language.code] ?? ['us']);
  if (long || channel === 'rss' || channel === 'forum' || channel === 'review') {
    post.title = sentence(random, vocabulary, int(random, 4, 12), []);
    post.url = `https://${pick(random, ['blog', 'forum', 'www', 'news'])}.${english.words[int(random, 100, 3000)]}.${pick(random, TLDS)}/${id}`;
  } else {
    post.url = `https://${channel}.com/${author}/${id}`;
  }
  return post;
}

/**
 * A workload of `queries` monitoring queries and `posts` posts. The same seed always gives the same
 * workload; roughly a quarter of posts match at least one query.
 */
export function generateWorkload(options: { queries: number; posts: number; seed?: number }): Workload {
  const random = createRandom(options.seed ?? 1);
  const vocabularies = LANGUAGES.map((language) => buildVocabulary(random, language));
  const english = vocabularies[0]!;

  // About four queries per monitored brand, as one customer watches its brand, products and competitors.
  const brands = buildBrands(random, Math.max(1, Math.ceil(options.queries / 4)), english);
  const queries: WorkloadQuery[] = [];
  for (let i = 0; i < options.queries; i++) {
    const brand = brands[i % brands.length]!;
    queries.push({ id: `q${i}`, ...makeQuery(random, brand, vocabularies) });
  }

  const brandZipf = new Zipf(brands.length, 0.9);
  const languageWeights: [Vocabulary, number][] = vocabularies.map((v) => [v, v.language.weight]);
  const posts: Post[] = [];
  for (let i = 0; i < options.posts; i++) posts.push(makePost(random, i, vocabularies, languageWeights, options.queries > 0 ? brands : [], brandZipf));
  return { queries, posts };
}
