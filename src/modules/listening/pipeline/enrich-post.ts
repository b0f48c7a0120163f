// Enrichment of one analyzed post: language (when the source did not say), sentiment, spam and bot
// likelihood, and the SimHash used for near-duplicate clustering. Pure and synchronous, so the
// pipeline, `parley match` and the benchmarks all run the same code.
import { detectLanguage } from '../enrich/language.js';
import { simhash } from '../enrich/near-duplicates.js';
import { scoreSentiment, type SentimentLabel } from '../enrich/sentiment.js';
import { botLikelihood, spamLikelihood, type AuthorSignals } from '../enrich/spam.js';
import type { AnalyzedPost } from '../text/types.js';

/**
 * Language detection reads at most this many characters (cut at a space): a few sentences identify a
 * language as well as a whole article does, and detection time grows with length.
 */
export const LANGUAGE_SAMPLE_CHARS = 500;

function languageSample(text: string): string {
  if (text.length <= LANGUAGE_SAMPLE_CHARS) return text;
  const space = text.lastIndexOf(' ', LANGUAGE_SAMPLE_CHARS);
  return text.slice(0, space > LANGUAGE_SAMPLE_CHARS / 2 ? space : LANGUAGE_SAMPLE_CHARS);
}

export type Enrichment = {
  /** ISO 639-1, from the source when it said, else detected; null when unknown */
  lang: string | null;
  langConfidence: number | null;
  sentimentScore: number;
  sentimentLabel: SentimentLabel;
  spam: number;
  bot: number;
  /** 64-bit SimHash of the text, as a signed bigint (PostgreSQL bigint) */
  simhash: bigint;
};

/**
 * Returns the post's enrichment. When the language is detected here, it is also set on
 * `analyzed.lang`, so that `lang:` queries evaluated afterwards see it.
 */
export function enrichPost(analyzed: AnalyzedPost, author: AuthorSignals = {}): Enrichment {
  let lang = analyzed.lang;
  let langConfidence: number | null = null;
  if (lang === null) {
    const detected = detectLanguage(languageSample(analyzed.post.title ? `${analyzed.post.title} ${analyzed.post.text}` : analyzed.post.text));
    if (detected.lang !== null && detected.reliable) {
      lang = detected.lang;
      langConfidence = detected.confidence;
      analyzed.lang = lang;
    }
  }
  const sentiment = scoreSentiment(analyzed.post.text, lang ?? undefined);
  return {
    lang,
    langConfidence,
    sentimentScore: sentiment.score,
    sentimentLabel: sentiment.label,
    spam: spamLikelihood(analyzed).score,
    bot: botLikelihood({ handle: analyzed.author ?? undefined, ...author }).score,
    simhash: BigInt.asIntN(64, simhash(analyzed.text.tokens)),
  };
}
