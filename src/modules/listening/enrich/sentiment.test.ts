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
  const of = (lang: string) => (text: string) => scoreSentiment(text, lang).score;

  it('scores a language with its own lexicon, and a region-tagged code like its language', () => {
    expect(scoreSentiment('Das ist wirklich schlecht', 'de').label).toBe('negative');
    expect(scoreSentiment('Das ist wirklich gut', 'de').label).toBe('positive');
    expect(scoreSentiment('I love it', 'en-GB').label).toBe('positive');
    expect(scoreSentiment('Eu adoro isso', 'pt-BR').label).toBe('positive');
    expect(scoreSentiment('El tren sale a las nueve', 'es')).toEqual({ label: 'neutral', score: 0 });
  });

  it('flips a negated word with each language\'s negators', () => {
    const cases: [string, string, string][] = [
      ['es', 'La película es buena', 'La película no es buena'],
      ['pt', 'O filme é bom', 'O filme não é bom'],
      ['it', 'Il film è bello', 'Il film non è bello'],
      ['de', 'Der Film ist gut', 'Der Film ist nicht gut'],
      ['nl', 'De film is leuk', 'De film is niet leuk'],
      ['ru', 'Фильм хороший', 'Фильм не хороший'],
      ['ar', 'الفيلم جميل', 'الفيلم ليس جميل'],
      ['zh', '我喜欢这个电影', '我不喜欢这个电影'],
    ];
    for (const [lang, plain, negated] of cases) {
      expect(of(lang)(plain), `${lang}: ${plain}`).toBeGreaterThan(0);
      expect(of(lang)(negated), `${lang}: ${negated}`).toBeLessThan(0);
    }
    // A negated negative word is mildly positive.
    expect(of('es')('no es malo')).toBeGreaterThan(0);
  });

  it('negates once for French "ne … pas", and after the word where the language puts the negator there', () => {
    expect(of('fr')('Je n’aime pas ce film')).toBeLessThan(0);
    expect(of('fr')('j’aime pas')).toBeLessThan(0);
    expect(of('fr')('Ce n’est pas mauvais')).toBeGreaterThan(0);
    expect(of('de')('Das gefällt mir nicht')).toBeLessThan(0);
    expect(of('hi')('accha nahi hai')).toBeLessThan(0);
    expect(of('ja')('好きじゃない')).toBeLessThan(0);
    expect(of('ja')('好き')).toBeGreaterThan(0);
  });

  it('does not carry a negator into the next sentence', () => {
    expect(of('fr')("La commande n'existe pas. Scandaleux")).toBeLessThan(0);
    expect(of('es')('No me gusta nada. Horrible')).toBeLessThan(0);
    expect(of('es')('No. Horrible')).toBeLessThan(0);
    expect(of('es')('No horrible')).toBeGreaterThan(0);
    expect(of('de')('Das gefällt mir. Nicht schlecht')).toBeGreaterThan(0);
  });

  it('lets boosters raise and dampeners lower intensity, before (and in Arabic after) the word', () => {
    expect(of('es')('muy bueno')).toBeGreaterThan(of('es')('bueno'));
    expect(of('fr')('très bon')).toBeGreaterThan(of('fr')('bon'));
    expect(of('de')('sehr schlecht')).toBeLessThan(of('de')('schlecht'));
    expect(of('de')('etwas schlecht')).toBeGreaterThan(of('de')('schlecht'));
    expect(of('ru')('очень хорошо')).toBeGreaterThan(of('ru')('хорошо'));
    expect(of('ar')('جميل جدا')).toBeGreaterThan(of('ar')('جميل'));
    expect(of('hi')('bahut accha')).toBeGreaterThan(of('hi')('accha'));
    expect(of('zh')('很好')).toBeGreaterThan(of('zh')('好'));
    expect(of('ja')('とても楽しい')).toBeGreaterThan(of('ja')('楽しい'));
  });

  it('shifts the weight to the clause after the language\'s "but"', () => {
    expect(of('es')('La comida era buena pero el servicio fue horrible')).toBeLessThan(0);
    expect(of('es')('El servicio fue horrible pero la comida era buena')).toBeGreaterThan(0);
    expect(of('de')('Das Essen war gut, aber der Service war schrecklich')).toBeLessThan(0);
    expect(of('it')('Il cibo era buono ma il servizio era pessimo')).toBeLessThan(0);
  });

  it('reads elongated words, laughter, caps and exclamation marks', () => {
    expect(of('es')('buenooo')).toBeCloseTo(of('es')('bueno'), 10);
    expect(of('de')('schööööön')).toBeCloseTo(of('de')('schön'), 10);
    expect(of('ar')('ممتاااز')).toBeCloseTo(of('ar')('ممتاز'), 10);
    expect(of('es')('jajajajaja')).toBeGreaterThan(0);
    expect(of('pt')('kkkkkkk')).toBeGreaterThan(0);
    expect(of('de')('GUT gemacht')).toBeGreaterThan(of('de')('gut gemacht'));
    expect(of('fr')('super !!!')).toBeGreaterThan(of('fr')('super'));
  });

  it('strips Arabic clitic prefixes and matches inflected forms by their stem', () => {
    expect(of('ar')('وجميل')).toBeGreaterThan(0);
    // "fantásticos" is not in the lexicon as written; "fantástico" is.
    expect(of('es')('fantásticos')).toBeGreaterThan(0);
    expect(of('es')('fantásticos')).toBeLessThan(of('es')('fantástico'));
  });

  it('cuts Chinese and Japanese text without spaces into lexicon words', () => {
    expect(of('zh')('这家餐厅的服务太糟糕了')).toBeLessThan(0);
    expect(of('zh')('今天天气很好，我很开心')).toBeGreaterThan(0);
    expect(of('ja')('このラーメンは最高です')).toBeGreaterThan(0);
    expect(of('ja')('今日は最悪な一日だった')).toBeLessThan(0);
  });

  it('scores emoji and emoticons in every language, also without a lexicon', () => {
    expect(of('de')('Montag wieder 😡')).toBeLessThan(0);
    expect(of('fr')('à demain :)')).toBeGreaterThan(0);
    expect(of('ko')('내일 봐요 😍')).toBeGreaterThan(0);
    expect(of('ko')('내일 봐요 :(')).toBeLessThan(0);
    expect(scoreSentiment('내일 봐요', 'ko')).toEqual({ label: 'neutral', score: 0 });
  });

  it('reads romanized Hindi (Hinglish): its words, chat spellings of the negators and its boosters', () => {
    expect(scoreSentiment('movie ekdum bakwaas thi yaar', 'hi').label).toBe('negative');
    expect(scoreSentiment('kya shaandar khel tha, lajawab', 'hi').label).toBe('positive');
    expect(scoreSentiment('ye neta chor hai, sab bhrashtachar', 'hi').label).toBe('negative');
    expect(of('hi')('accha nhi hai')).toBeLessThan(0);
    expect(of('hi')('bilkul bekar nahi hai')).toBeGreaterThan(0);
    expect(of('hi')('bht accha')).toBeGreaterThan(of('hi')('accha'));
    // English words, frequent in Hinglish, count too; a phrase entry is one sentiment word.
    expect(of('hi')('yaar movie great thi')).toBeGreaterThan(0);
    expect(of('hi')('kya baat hai')).toBeGreaterThan(0);
    expect(scoreSentiment('baat karni hai', 'hi')).toEqual({ label: 'neutral', score: 0 });
  });

  it('tells laughter from words made of the same letters', () => {
    expect(of('es')('jejeje')).toBeGreaterThan(0);
    expect(of('pt')('huehuehue')).toBeGreaterThan(0);
    // Hindi "kaha" (said) and "kahi" (somewhere) are not "haha".
    expect(scoreSentiment('usne kaha tha', 'hi')).toEqual({ label: 'neutral', score: 0 });
    expect(scoreSentiment('kahi nahi gaya', 'hi')).toEqual({ label: 'neutral', score: 0 });
  });

  it('knows insults, crime and scandal words in each language', () => {
    const cases: [string, string][] = [
      ['de', 'Was für ein Vollidiot, eine Frechheit'],
      ['de', 'Eine Blamage, das Spiel war ein Debakel'],
      ['it', 'Che porcata, sono dei mafiosi'],
      ['es', 'Todo es mentira, son unos payasos'],
      ['pt', 'Esse traidor é um otário'],
      ['fr', 'Encore un attentat, quelle violence'],
      ['it', 'Sono dei traditori e dei vigliacchi, vaffanculo'],
      ['ar', 'هؤلاء خونة ولصوص'],
    ];
    for (const [lang, text] of cases) expect(scoreSentiment(text, lang).label, `${lang}: ${text}`).toBe('negative');
  });

  it('knows colloquial moods, interjections and praise', () => {
    expect(scoreSentiment('amei o show, sensacional', 'pt').label).toBe('positive');
    expect(scoreSentiment('aff, que chatice', 'pt').label).toBe('negative');
    expect(scoreSentiment('menno, bin so deprimiert', 'de').label).toBe('negative');
    expect(scoreSentiment('estoy cabreado, qué bajón', 'es').label).toBe('negative');
    expect(scoreSentiment('uffa, che palle', 'it').label).toBe('negative');
    expect(scoreSentiment('je kiffe trop, youpi', 'fr').label).toBe('positive');
    expect(scoreSentiment('أحسنت، عمل مميز', 'ar').label).toBe('positive');
    expect(of('pt')('aí 🖕')).toBeLessThan(0);
  });

  it('does not rate function words by a sense they rarely have in posts', () => {
    expect(scoreSentiment('Das würde ich einfach gerade machen', 'de')).toEqual({ label: 'neutral', score: 0 });
    expect(scoreSentiment('Claro, llego tarde por el tiempo', 'es')).toEqual({ label: 'neutral', score: 0 });
    expect(scoreSentiment('Il consiglio ha deciso subito', 'it')).toEqual({ label: 'neutral', score: 0 });
    expect(scoreSentiment('كيف بين مثل', 'ar')).toEqual({ label: 'neutral', score: 0 });
  });

  it('keeps the score within [-1, 1] and the label consistent with it in every language', () => {
    const words = ['muy', 'bueno', 'no', 'pas', 'nicht', 'gut', 'не', 'хорошо', 'لا', 'جميل', '不', '好', 'ない', '好き', 'nahi', 'accha', '!!!', ':)', '😡', 'pero', 'jajaja', 'ns', 'ذ'];
    fc.assert(
      fc.property(fc.constantFrom('es', 'pt', 'fr', 'it', 'de', 'nl', 'ru', 'ar', 'hi', 'zh', 'ja', 'ko'), fc.oneof(fc.string(), fc.array(fc.constantFrom(...words), { maxLength: 30 }).map((w) => w.join(' '))), (lang, text) => {
        const result = scoreSentiment(text, lang);
        expect(result.score).toBeGreaterThanOrEqual(-1);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(Number.isNaN(result.score)).toBe(false);
        expect(result.label).toBe(labelOf(result.score));
      }),
      { numRuns: 500 },
    );
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
