// The English scorer follows VADER's rules; these pin the behaviour each rule is there for, not
// exact numbers, so lexicon updates do not break them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelOf, scoreSentiment } from './sentiment.js';

const score = (text: string) => scoreSentiment(text).score;

describe('scoreSentiment (English)', () => {
  it('labels clear positive, negative and neutral sentences', () => {
    expect(scoreSentiment('I love this phone, the camera is great.').label).toBe('positive');
    expect(scoreSentiment('This is the worst service I have ever had, terrible and rude.').label).toBe('negative');
    expect(scoreSentiment('The store opens at nine on Tuesday.')).toEqual({ label: 'neutral', score: 0 });
    expect(scoreSentiment('')).toEqual({ label: 'neutral', score: 0 });
  });

  it('flips and dampens a negated word, up to three words back', () => {
    expect(score('not good')).toBeLessThan(0);
    expect(score("it isn't good")).toBeLessThan(0);
    expect(score('it isn’t good')).toBeLessThan(0);
    expect(score('never really that good')).toBeLessThan(0);
    expect(score('not bad')).toBeGreaterThan(0);
    expect(score('no problems at all')).toBeGreaterThan(0);
    expect(Math.abs(score('not good'))).toBeLessThan(score('good'));
  });

  it('lets boosters raise and dampeners lower intensity', () => {
    expect(score('very good')).toBeGreaterThan(score('good'));
    expect(score('extremely bad')).toBeLessThan(score('bad'));
    expect(score('slightly good')).toBeLessThan(score('good'));
    expect(score('kind of good')).toBeLessThan(score('good'));
    expect(score('kind of good')).toBeGreaterThan(0);
    expect(score('it was sort of bad')).toBeGreaterThan(score('it was bad'));
    expect(score('it was sort of bad')).toBeLessThan(0);
  });

  it('amplifies with ALL CAPS among lower-case words and with exclamation marks', () => {
    expect(score('the food was GOOD')).toBeGreaterThan(score('the food was good'));
    expect(score('the food was good!!!')).toBeGreaterThan(score('the food was good'));
    expect(score('the food was bad!!!')).toBeLessThan(score('the food was bad'));
    // Caps only emphasise by contrast: a text entirely in caps is scored like lower case.
    expect(score('THE FOOD WAS GOOD')).toBeCloseTo(score('the food was good'), 10);
  });

  it('shifts the weight to the clause after "but"', () => {
    expect(score('The food was great but the service was awful')).toBeLessThan(0);
    expect(score('The service was awful but the food was great')).toBeGreaterThan(0);
  });

  it('negates after "least" but not after "at least"', () => {
    expect(score('the least helpful answer')).toBeLessThan(0);
    expect(score('at least helpful')).toBeGreaterThan(0);
  });

  it('scores emoticons and emoji, also when glued to a word', () => {
    expect(score('see you tomorrow :)')).toBeGreaterThan(0);
    expect(score('see you tomorrow :(')).toBeLessThan(0);
    expect(score('my order is late again 😡')).toBeLessThan(0);
    expect(score('new phone😍😍')).toBeGreaterThan(0);
    expect(score('thanks 👍🏽')).toBeGreaterThan(score('thanks'));
  });

  it('reads elongated words as their normal form', () => {
    expect(score('soooo good')).toBeGreaterThan(0);
    expect(score('soooo good')).toBeGreaterThan(score('good'));
    expect(score('goooood')).toBeCloseTo(score('good'), 10);
    expect(score('this is baaaad')).toBeLessThan(0);
  });

  it('ignores punctuation around words', () => {
    expect(score('"Good."')).toBeCloseTo(score('good'), 10);
    expect(score('(terrible)...')).toBeLessThan(0);
  });

  it('keeps the score within [-1, 1] and the label consistent with it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.constantFrom('very', 'GOOD', 'bad', 'not', '!!!', ':)', '😡', 'but', 'least', 'kind', 'of', 'no', 'sooo'), { maxLength: 40 }).map((words) => words.join(' '))), (text) => {
        const result = scoreSentiment(text);
        expect(result.score).toBeGreaterThanOrEqual(-1);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(Number.isNaN(result.score)).toBe(false);
        expect(result.label).toBe(labelOf(result.score));
      }),
      { numRuns: 500 },
    );
  });
});

describe('scoreSentiment (other languages)', () => {
  it('scores a language with its own lexicon, and a region-tagged code like its language', () => {
    expect(scoreSentiment('Das ist wirklich schlecht', 'de').label).toBe('negative');
    expect(scoreSentiment('Das ist wirklich gut', 'de').label).toBe('positive');
    expect(scoreSentiment('I love it', 'en-GB').label).toBe('positive');
    expect(scoreSentiment('Eu adoro isso', 'pt-BR').label).toBe('positive');
  });
});

describe('labelOf', () => {
  it('uses the ±0.05 thresholds', () => {
    expect(labelOf(-0.05)).toBe('negative');
    expect(labelOf(-0.0499)).toBe('neutral');
    expect(labelOf(0.0499)).toBe('neutral');
    expect(labelOf(0.05)).toBe('positive');
  });
});
