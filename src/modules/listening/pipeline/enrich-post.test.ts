import { describe, expect, it } from 'vitest';
import { analyzePost } from '../text/analyze.js';
import { enrichPost, LANGUAGE_SAMPLE_CHARS } from './enrich-post.js';

const french = 'Je suis vraiment déçu par ces chaussures, elles se sont abîmées après deux semaines de course. ';

describe('enrichPost', () => {
  it('detects the language of a long article from its beginning, and sets it on the post for lang: queries', () => {
    const analyzed = analyzePost({ id: 'a', text: french.repeat(80) });
    expect(analyzed.post.text.length).toBeGreaterThan(LANGUAGE_SAMPLE_CHARS * 10);
    const enrichment = enrichPost(analyzed);
    expect(enrichment.lang).toBe('fr');
    expect(analyzed.lang).toBe('fr');
  });

  it("keeps the source's language and scores sentiment in it", () => {
    const enrichment = enrichPost(analyzePost({ id: 'b', text: 'I love these shoes, best ever!', lang: 'en' }));
    expect(enrichment).toMatchObject({ lang: 'en', langConfidence: null, sentimentLabel: 'positive' });
    expect(enrichment.sentimentScore).toBeGreaterThan(0.5);
  });

  it('gives a retweet the SimHash of its original and flags an obvious spam post', () => {
    const text = 'The new trail shoe from Zephyr is light, grippy and comfortable on long muddy runs';
    const original = enrichPost(analyzePost({ id: 'c', text }));
    const retweet = enrichPost(analyzePost({ id: 'd', text: `RT @runner: ${text}` }));
    expect(retweet.simhash).toBe(original.simhash);
    const spam = enrichPost(analyzePost({ id: 'e', text: 'FREE iPhone giveaway!!! click here http://bit.ly/win to claim your prize now', author: 'promo84736251' }));
    expect(spam.spam).toBeGreaterThan(original.spam);
    expect(spam.bot).toBeGreaterThan(original.bot);
  });
});
