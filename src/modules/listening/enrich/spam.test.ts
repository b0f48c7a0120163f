// Spam and bot scores: clear cases land on the right side, and the reasons say why.
import { describe, expect, it } from 'vitest';
import { analyzePost } from '../text/analyze.js';
import { botLikelihood, spamLikelihood } from './spam.js';

const spam = (text: string, links?: string[]) => spamLikelihood(analyzePost({ id: '1', text, ...(links ? { links } : {}) }));

describe('spamLikelihood', () => {
  it('scores an obvious spam post above 0.7 and says why', () => {
    const result = spam(
      'FREE FOLLOWERS NOW!!!!! Click here to WIN $500 https://spam.example/a https://spam.example/b #follow #free #win #giveaway',
    );
    expect(result.score).toBeGreaterThan(0.7);
    expect(result.reasons).toEqual(
      expect.arrayContaining(['several links', 'repeated characters', 'mostly capitals', 'money or prize', 'spam phrase "click here"']),
    );
  });

  it('scores a normal customer complaint below 0.2', () => {
    const result = spam(
      'My order #48213 arrived two weeks late and the box was damaged. Support has not answered my emails since Monday. Really disappointed.',
    );
    expect(result.score).toBeLessThan(0.2);
    expect(result.reasons).toEqual([]);
  });

  it('flags a bare link and hashtag stuffing', () => {
    expect(spam('check this https://x.example/1').reasons).toContain('short text with a link');
    expect(spam('nice #a #b #c #d #e').reasons).toContain('many hashtags');
    expect(spam('@a @b @c @d look').reasons).toContain('many mentions');
    expect(spam('buy buy buy this').reasons).toContain('repeated words');
  });

  it('matches spam phrases as whole words only', () => {
    expect(spam('please contact nowhere else, the shop was fine').reasons).toEqual([]);
  });
});

describe('botLikelihood', () => {
  it('scores an obvious bot high and lists every signal', () => {
    const result = botLikelihood({ handle: 'jane84726153', followers: 3, following: 4800, postsPerHour: 45, accountAgeDays: 2, defaultAvatar: true });
    expect(result.score).toBeGreaterThan(0.9);
    expect(result.reasons).toEqual([
      'digit-heavy handle',
      'follows far more accounts than follow it',
      'very high posting rate',
      'new account',
      'default avatar',
    ]);
  });

  it('scores an ordinary account low, and unknown fields never fire', () => {
    expect(botLikelihood({ handle: 'jane_doe', followers: 320, following: 410, postsPerHour: 0.3, accountAgeDays: 2100 }).score).toBeLessThan(0.1);
    expect(botLikelihood({}).reasons).toEqual([]);
  });

  it('lands in between for one or two weak signals', () => {
    const result = botLikelihood({ handle: 'mark1987', postsPerHour: 8, accountAgeDays: 20 });
    expect(result.reasons).toEqual(['high posting rate', 'young account']);
    expect(result.score).toBeGreaterThan(0.1);
    expect(result.score).toBeLessThan(0.5);
  });
});
