// Spam and bot likelihood for listening posts, from a handful of transparent signals rather than a
// trained model: each signal that fires adds a documented weight to a logit, the score is the
// logistic of that sum, and `reasons` names every signal that fired so a user can see why a post was
// flagged (and we can tune weights against reviewed examples later).
//
// The bias is -3, so a post on which nothing fires scores about 0.05; one strong signal (weight 2.5)
// lifts it to about 0.38, and two or three signals together put it above 0.7.
import type { AnalyzedPost } from '../text/types.js';

export type Likelihood = { score: number; reasons: string[] };

const BIAS = -3;

/** Weights of the post signals, in logit units. */
export const SPAM_WEIGHTS = {
  /** at least 4 hashtags and at least one per two words: tag stuffing */
  hashtags: 1.5,
  /** at least 4 mentions and at least one per two words: mass tagging */
  mentions: 1.5,
  /** two or more distinct links */
  links: 1.5,
  /** a character repeated 5+ times in a row ("!!!!!", "freeeee") */
  repeatedChars: 0.75,
  /** a word repeated 3+ times in a row, or one word making up over a third of a 6+ word post */
  repeatedWords: 1,
  /** at least half of the words (3+ letters, at least 3 such words) in capitals */
  caps: 1.25,
  /** per known spam phrase, counted at most twice */
  phrase: 2.5,
  /** money amounts, prizes, "you won", "earn $…" */
  money: 1.5,
  /** fewer than 6 words plus a link: the bare "check this out <link>" */
  shortWithLink: 1.5,
} as const;

/** Phrases that almost only occur in spam; matched on the folded text (lower case, accents removed). */
export const SPAM_PHRASES: readonly string[] = [
  'click here',
  'free followers',
  'buy now',
  'work from home',
  'dm me for',
  'crypto giveaway',
  'limited offer',
  'limited time offer',
  '100% free',
  'act now',
  'risk free',
  'guaranteed income',
  'double your',
  'check my bio',
  'link in bio',
  'make money fast',
  'earn money online',
];

// "$500", "500 usd", "€1,000", "win a free", "you won", "prize", "giveaway", "earn $…/day".
const MONEY =
  /(?:[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|dollars|euros|bucks)\b|\bwin (?:a|an|free)\b|\byou(?:'ve| have)? won\b|\bprizes?\b|\bgiveaway\b|\bcash prize\b|\bearn \$?\d)/;
const REPEATED_CHAR = /(.)\1{4,}/u;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

export function spamLikelihood(post: AnalyzedPost): Likelihood {
  const { tokens, original, folded } = post.text;
  let words = 0;
  let hashtags = 0;
  let mentions = 0;
  let capsWords = 0;
  let longWords = 0;
  let run = 1;
  let longestRun = 1;
  const counts = new Map<string, number>();
  let previous = '';
  for (const token of tokens) {
    if (token.kind === 'hashtag') hashtags++;
    else if (token.kind === 'mention') mentions++;
    if (token.kind !== 'word') continue;
    words++;
    counts.set(token.norm, (counts.get(token.norm) ?? 0) + 1);
    run = token.norm === previous ? run + 1 : 1;
    if (run > longestRun) longestRun = run;
    previous = token.norm;
    const shape = wordShape(original, token.start, token.end);
    if (shape !== SHORT) {
      longWords++;
      if (shape === CAPITALS) capsWords++;
    }
  }

  const reasons: string[] = [];
  let logit = BIAS;
  const fire = (reason: string, weight: number): void => {
    reasons.push(reason);
    logit += weight;
  };

  if (hashtags >= 4 && hashtags * 2 >= words) fire('many hashtags', SPAM_WEIGHTS.hashtags);
  if (mentions >= 4 && mentions * 2 >= words) fire('many mentions', SPAM_WEIGHTS.mentions);
  if (post.links.length >= 2) fire('several links', SPAM_WEIGHTS.links);
  if (REPEATED_CHAR.test(original)) fire('repeated characters', SPAM_WEIGHTS.repeatedChars);
  let mostFrequent = 0;
  for (const count of counts.values()) if (count > mostFrequent) mostFrequent = count;
  if (longestRun >= 3 || (words >= 6 && mostFrequent * 3 > words)) fire('repeated words', SPAM_WEIGHTS.repeatedWords);
  if (longWords >= 3 && capsWords * 2 >= longWords) fire('mostly capitals', SPAM_WEIGHTS.caps);

  let phrases = 0;
  for (const phrase of SPAM_PHRASES) {
    if (phrases === 2) break;
    if (containsPhrase(folded, phrase)) {
      phrases++;
      fire(`spam phrase "${phrase}"`, SPAM_WEIGHTS.phrase);
    }
  }
  if (MONEY.test(folded)) fire('money or prize', SPAM_WEIGHTS.money);
  if (words < 6 && post.links.length >= 1) fire('short text with a link', SPAM_WEIGHTS.shortWithLink);

  return { score: logistic(logit), reasons };
}

const SHORT = 0;
const LONG = 1;
const CAPITALS = 2;

/**
 * SHORT when `text[start, end)` has fewer than three letters; otherwise CAPITALS when its letters
 * are all capitals (some cased letter and no lower-case one), else LONG. ASCII words (most) are
 * read character by character; others through their letters.
 */
function wordShape(text: string, start: number, end: number): number {
  let letters = 0;
  let upper = false;
  let lower = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return wordShapeOf(text.slice(start, end));
    if (c >= 0x41 && c <= 0x5a) {
      letters++;
      upper = true;
    } else if (c >= 0x61 && c <= 0x7a) {
      letters++;
      lower = true;
    }
  }
  if (letters < 3) return SHORT;
  return upper && !lower ? CAPITALS : LONG;
}

function wordShapeOf(raw: string): number {
  const letters = raw.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return SHORT;
  return letters === letters.toUpperCase() && letters !== letters.toLowerCase() ? CAPITALS : LONG;
}

// Whole-phrase match: "act now" must not fire inside "contact nowhere".
function containsPhrase(text: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + phrase.length] ?? '';
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

const isWordChar = (char: string): boolean => char !== '' && /[\p{L}\p{N}]/u.test(char);

export type AuthorSignals = {
  handle?: string;
  followers?: number;
  following?: number;
  postsPerHour?: number;
  accountAgeDays?: number;
  defaultAvatar?: boolean;
};

/** Weights of the author signals, in logit units. Missing fields never fire. */
export const BOT_WEIGHTS = {
  /**
   * 5+ trailing digits ("jane84726153", the platform's suggested-handle pattern) or at least 5 digits
   * making up half the handle; 4 digits are left alone because people often append a birth year.
   */
  digitHandle: 1.5,
  /** following at least 10 times as many accounts as follow back, and following 200+ */
  followRatio: 1.5,
  /** 20+ posts an hour sustained; no person types that much */
  veryHighRate: 2.5,
  /** 6 to 20 posts an hour */
  highRate: 1,
  /** account younger than 7 days */
  newAccount: 1.5,
  /** account 7 to 30 days old */
  youngAccount: 0.75,
  /** profile still has the platform's default picture */
  defaultAvatar: 1,
} as const;

export function botLikelihood(author: AuthorSignals): Likelihood {
  const reasons: string[] = [];
  let logit = BIAS;
  const fire = (reason: string, weight: number): void => {
    reasons.push(reason);
    logit += weight;
  };

  const handle = author.handle?.trim().replace(/^@+/, '') ?? '';
  if (handle !== '') {
    const digits = handle.replace(/\D/g, '').length;
    if (/\d{5,}$/.test(handle) || (digits >= 5 && digits * 2 >= handle.length)) fire('digit-heavy handle', BOT_WEIGHTS.digitHandle);
  }
  const { followers, following, postsPerHour, accountAgeDays } = author;
  if (following !== undefined && followers !== undefined && following >= 200 && following >= 10 * Math.max(followers, 1)) {
    fire('follows far more accounts than follow it', BOT_WEIGHTS.followRatio);
  }
  if (postsPerHour !== undefined) {
    if (postsPerHour >= 20) fire('very high posting rate', BOT_WEIGHTS.veryHighRate);
    else if (postsPerHour >= 6) fire('high posting rate', BOT_WEIGHTS.highRate);
  }
  if (accountAgeDays !== undefined) {
    if (accountAgeDays < 7) fire('new account', BOT_WEIGHTS.newAccount);
    else if (accountAgeDays < 30) fire('young account', BOT_WEIGHTS.youngAccount);
  }
  if (author.defaultAvatar === true) fire('default avatar', BOT_WEIGHTS.defaultAvatar);

  return { score: logistic(logit), reasons };
}
