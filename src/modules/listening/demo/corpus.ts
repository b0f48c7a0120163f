// The words of the demo: a fictional coffee brand (Lumen Coffee), two fictional competitors, and post
// templates in six languages written to read like real social posts. Slots in braces are filled by
// the stream generator: {b} a brand as people write it, {m} the Aurora espresso machine, {d} a drink,
// {city} a city, {e+}/{e-} an emoji, {link} a link, {tag} a loose hashtag.
//
// Everything here is invented; any resemblance to a real company is accidental.

export const DEMO_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'ja'] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

/** Share of the firehose per language. */
export const LANGUAGE_WEIGHTS: Record<DemoLanguage, number> = { en: 0.42, es: 0.16, fr: 0.11, de: 0.11, pt: 0.1, ja: 0.1 };

export type BrandKey = 'lumen' | 'kestrel' | 'morrow';

/** How people write each brand's name; every form is one the demo's queries find. */
export const BRAND_FORMS: Record<BrandKey, Record<DemoLanguage, readonly string[]>> = {
  lumen: {
    en: ['Lumen Coffee', '@LumenCoffee', '#LumenCoffee', 'the Lumen café', 'Lumen Coffee', 'Lumen coffee'],
    es: ['Lumen Coffee', '@LumenCoffee', 'Café Lumen', '#LumenCoffee', 'Lumen Café'],
    fr: ['Lumen Coffee', '@LumenCoffee', 'le café Lumen', '#LumenCoffee'],
    de: ['Lumen Coffee', '@LumenCoffee', 'Lumen Kaffee', '#LumenCoffee'],
    pt: ['Lumen Coffee', '@LumenCoffee', 'Café Lumen', '#LumenCoffee'],
    ja: ['ルーメンコーヒー', 'Lumen Coffee', '@LumenCoffee'],
  },
  kestrel: {
    en: ['Kestrel Coffee', '@KestrelCoffee', '#KestrelCoffee', 'Kestrel café'],
    es: ['Kestrel Coffee', '@KestrelCoffee', 'Café Kestrel'],
    fr: ['Kestrel Coffee', '@KestrelCoffee', 'le café Kestrel'],
    de: ['Kestrel Coffee', '@KestrelCoffee', 'Kestrel Kaffee'],
    pt: ['Kestrel Coffee', '@KestrelCoffee', 'Café Kestrel'],
    ja: ['ケストレルコーヒー', 'Kestrel Coffee'],
  },
  morrow: {
    en: ['Morrow Roasters', '@MorrowRoasters', '#MorrowRoasters'],
    es: ['Morrow Roasters', '@MorrowRoasters'],
    fr: ['Morrow Roasters', '@MorrowRoasters'],
    de: ['Morrow Roasters', '@MorrowRoasters'],
    pt: ['Morrow Roasters', '@MorrowRoasters'],
    ja: ['モローロースターズ', 'Morrow Roasters'],
  },
};

export const MACHINE_FORMS: Record<DemoLanguage, readonly string[]> = {
  en: ['Lumen Aurora', 'Aurora espresso machine', '#LumenAurora', 'Aurora machine'],
  es: ['Lumen Aurora', 'cafetera Aurora', 'máquina Aurora', '#LumenAurora'],
  fr: ['Lumen Aurora', 'machine Aurora', '#LumenAurora'],
  de: ['Lumen Aurora', 'Aurora Espressomaschine', 'Aurora Maschine', '#LumenAurora'],
  pt: ['Lumen Aurora', 'máquina Aurora', '#LumenAurora'],
  ja: ['Lumen Aurora', '#LumenAurora'],
};

export const DRINKS: Record<DemoLanguage, readonly string[]> = {
  en: ['flat white', 'oat latte', 'cold brew', 'cortado', 'iced americano', 'cappuccino', 'pumpkin spice latte', 'matcha latte'],
  es: ['café con leche', 'cortado', 'cold brew', 'capuchino', 'latte de avena', 'americano'],
  fr: ['café crème', 'flat white', 'cold brew', 'cappuccino', 'latte à l’avoine', 'allongé'],
  de: ['Flat White', 'Cappuccino', 'Cold Brew', 'Hafer-Latte', 'Espresso', 'Milchkaffee'],
  pt: ['cafezinho', 'cappuccino', 'cold brew', 'latte de aveia', 'pingado', 'espresso'],
  ja: ['カフェラテ', 'コールドブリュー', 'フラットホワイト', 'カプチーノ', '抹茶ラテ'],
};

export const CITIES: Record<DemoLanguage, readonly string[]> = {
  en: ['Portland', 'Brooklyn', 'Austin', 'Leeds', 'Toronto', 'Melbourne', 'Denver', 'Bristol'],
  es: ['Madrid', 'Valencia', 'CDMX', 'Buenos Aires', 'Bogotá', 'Sevilla'],
  fr: ['Lyon', 'Paris', 'Bordeaux', 'Montréal', 'Nantes', 'Bruxelles'],
  de: ['Berlin', 'Hamburg', 'München', 'Wien', 'Köln', 'Zürich'],
  pt: ['São Paulo', 'Lisboa', 'Porto', 'Curitiba', 'Belo Horizonte', 'Recife'],
  ja: ['渋谷', '梅田', '京都', '福岡', '横浜', '札幌'],
};

export const COUNTRIES: Record<DemoLanguage, readonly string[]> = {
  en: ['us', 'us', 'us', 'gb', 'ca', 'au'],
  es: ['es', 'mx', 'ar', 'co'],
  fr: ['fr', 'fr', 'be', 'ca'],
  de: ['de', 'de', 'at', 'ch'],
  pt: ['br', 'br', 'pt'],
  ja: ['jp'],
};

export const HAPPY_EMOJI = ['☕', '😍', '🙌', '✨', '💛', '😊', '🔥', '👌', ''] as const;
export const SAD_EMOJI = ['😡', '🙄', '😤', '😞', '🤬', '😩', ''] as const;
export const LOOSE_TAGS = ['#coffee', '#coffeetime', '#morningroutine', '#latteart', '#mondaymood', '#wfh', '#caffeine', ''] as const;

export type Templates = Record<DemoLanguage, readonly string[]>;

/** About a brand ({b}), said happily. */
export const PRAISE: Templates = {
  en: [
    'Honestly the best {d} I have had all year at {b} {e+}',
    'Shoutout to the barista at {b} in {city} who remembered my order. Small things make a great morning {e+}',
    'I love {b}. Their {d} is perfect and the staff are always so friendly',
    '{b} never disappoints. Great {d}, great music, great vibe {e+} {tag}',
    'Switched from my usual place to {b} last month and I am not going back. So good!',
    'The new seasonal {d} at {b} is amazing, go try it before it is gone {e+}',
    'Working from {b} today. Fast wifi, excellent {d}, happy me {e+}',
  ],
  es: [
    'Me encanta el {d} de {b}, el mejor de {city} {e+}',
    'Gracias a {b} por una mañana perfecta. Excelente servicio y un {d} buenísimo {e+}',
    '{b} nunca falla. Buen café, buena música y gente amable {e+}',
    'Probé el nuevo {d} de {b} y está increíble, recomendado 100%',
  ],
  fr: [
    'J’adore {b}, leur {d} est parfait et l’équipe est adorable {e+}',
    'Super matinée chez {b} à {city}, excellent {d} {e+}',
    'Franchement {b} fait le meilleur {d} du quartier. Merci !',
    'Le nouveau {d} de {b} est délicieux, allez-y {e+}',
  ],
  de: [
    'Der {d} bei {b} ist einfach super, bester Start in den Tag {e+}',
    'Großes Lob an {b} in {city}: freundliches Team, toller {d} {e+}',
    'Ich liebe {b}. Immer lecker, immer nett, nie enttäuscht',
    'Neuer Lieblingsort zum Arbeiten: {b}. Schnelles WLAN und ein perfekter {d} {e+}',
  ],
  pt: [
    'Amo o {d} do {b}, melhor café de {city} {e+}',
    'Atendimento incrível no {b} hoje, obrigada pelo carinho {e+}',
    '{b} nunca decepciona, café maravilhoso e ambiente ótimo {e+}',
    'Experimentei o novo {d} do {b} e adorei, super recomendo!',
  ],
  ja: [
    '{b}の{d}が本当に美味しい！毎朝の楽しみ{e+}',
    '{city}の{b}、店員さんがとても親切で最高でした{e+}',
    '{b}の新作{d}、めっちゃ好き。また行きたい',
    '今日も{b}で仕事。コーヒーが美味しくて幸せ{e+}',
  ],
};

/** About a brand ({b}), said unhappily. */
export const COMPLAINTS: Templates = {
  en: [
    'Waited 25 minutes for a {d} at {b} and it was cold. Really disappointing {e-}',
    '{b} raised prices again? $7 for a {d} is ridiculous {e-}',
    'The {b} in {city} is always so loud and dirty lately. Disappointed {e-}',
    'Worst {d} I have had in ages from {b}. Burnt and bitter {e-}',
    'Got the wrong order from {b} twice this week. Please train your staff {e-}',
  ],
  es: [
    'Esperé 20 minutos en {b} para un {d} frío. Qué decepción {e-}',
    'Pésimo servicio en {b} de {city}, media hora esperando {e-}',
    '{b} subió los precios otra vez y el café está peor, una vergüenza',
  ],
  fr: [
    'Vingt minutes d’attente chez {b} pour un {d} tiède. Très déçu {e-}',
    'Service horrible chez {b} à {city} ce matin {e-}',
    '{b} a encore augmenté ses prix, c’est vraiment nul',
  ],
  de: [
    '20 Minuten gewartet bei {b} und dann war der {d} kalt. Echt enttäuschend {e-}',
    'Schlechter Service bei {b} in {city}, total unfreundlich {e-}',
    '{b} hat schon wieder die Preise erhöht. Ärgerlich {e-}',
  ],
  pt: [
    'Esperei 20 minutos no {b} e o {d} veio frio. Decepcionante {e-}',
    'Atendimento péssimo no {b} de {city} hoje {e-}',
    '{b} aumentou os preços de novo e o café piorou, que pena',
  ],
  ja: [
    '{b}で20分も待たされて{d}がぬるかった。最悪{e-}',
    '{city}の{b}、店員の態度が悪くて残念でした{e-}',
    '{b}また値上げ？高すぎて最悪',
  ],
};

/** About a brand ({b}), saying neither. */
export const REMARKS: Templates = {
  en: [
    'Does anyone know if {b} in {city} opens early on Sundays?',
    '{b} is opening a new store on 5th street next month',
    'Meeting at {b} at 10, the one near the station',
    'Is {b} doing oat milk at no extra charge now? Asking for a friend',
    'Read an article about how {b} sources its beans {link}',
  ],
  es: ['¿Alguien sabe a qué hora abre {b} en {city} los domingos?', '{b} abre una nueva tienda en {city} el mes que viene', 'Quedamos en {b} a las 10'],
  fr: ['Quelqu’un sait si {b} à {city} ouvre le dimanche ?', '{b} ouvre un nouveau café à {city} le mois prochain', 'Rendez-vous chez {b} à 10h'],
  de: ['Weiß jemand, ob {b} in {city} sonntags geöffnet hat?', '{b} eröffnet nächsten Monat eine neue Filiale in {city}', 'Treffen uns um 10 bei {b} am Bahnhof'],
  pt: ['Alguém sabe se o {b} de {city} abre domingo?', '{b} vai abrir uma loja nova em {city} mês que vem', 'Encontro no {b} às 10'],
  ja: ['{city}の{b}って日曜日何時から開いてるか知ってる人いますか？', '{b}が来月{city}に新店舗オープンするらしい', '10時に{b}で待ち合わせ'],
};

/** About the Aurora espresso machine ({m}). */
export const MACHINE_POSTS: Record<'positive' | 'negative' | 'neutral', Templates> = {
  positive: {
    en: ['Three months with the {m} and my morning espresso has never been better {e+}', 'The {m} was worth every penny. Silky milk, great crema {e+}'],
    es: ['La {m} es una maravilla, el mejor espresso en casa {e+}'],
    fr: ['Ma {m} est géniale, un espresso parfait chaque matin {e+}'],
    de: ['Die {m} ist großartig, perfekter Espresso zuhause {e+}'],
    pt: ['A {m} é excelente, espresso perfeito todo dia {e+}'],
    ja: ['{m}を買って大正解！家のエスプレッソが最高{e+}'],
  },
  negative: {
    en: ['My {m} started leaking after two weeks. Support has not replied in 5 days {e-}', 'The steam wand on the {m} is useless, milk never gets hot enough {e-}'],
    es: ['Mi {m} pierde agua y soporte no contesta, fatal {e-}'],
    fr: ['Ma {m} fuit déjà après deux semaines, très déçu {e-}'],
    de: ['Meine {m} ist nach zwei Wochen kaputt, der Support antwortet nicht {e-}'],
    pt: ['Minha {m} quebrou em duas semanas, péssimo {e-}'],
    ja: ['{m}が2週間で故障した。サポートも返事がない{e-}'],
  },
  neutral: {
    en: ['Thinking about getting the {m}. Anyone using it for more than a year?', 'Unboxing the {m} today, video later {link}'],
    es: ['¿Alguien tiene la {m}? Estoy pensando en comprarla'],
    fr: ['Quelqu’un a testé la {m} ? J’hésite à l’acheter'],
    de: ['Hat jemand Erfahrung mit der {m}? Überlege sie zu kaufen'],
    pt: ['Alguém tem a {m}? Pensando em comprar'],
    ja: ['{m}気になってる。使ってる人いますか？'],
  },
};

/** The Lumen app and its rewards, outside any incident. */
export const APP_POSTS: Templates = {
  en: ['Ordered ahead in the Lumen app and my latte was waiting for me. Love it {e+}', 'Finally got enough Lumen rewards points for a free drink {e+}', 'How do I merge two accounts in the Lumen app? @LumenSupport'],
  es: ['Pedí por la app de Lumen y estaba listo al llegar, genial {e+}', 'Ya tengo puntos Lumen para un café gratis {e+}'],
  fr: ['Commande dans l’appli Lumen, prête en deux minutes. Top {e+}'],
  de: ['Mit der Lumen App bestellt, super schnell fertig {e+}', 'Wie löse ich meine Lumen Punkte ein? @LumenSupport'],
  pt: ['Pedi pelo app da Lumen e já estava pronto, ótimo {e+}'],
  ja: ['Lumen app で事前注文したらすぐ受け取れた。便利{e+}'],
};

/** The complaint spike: the Lumen app is down and payments fail. */
export const OUTAGE_POSTS: Templates = {
  en: [
    'Is the Lumen app down?? Checkout fails every time and now I am late for work. Awful @LumenSupport {e-}',
    'Lumen app keeps crashing at checkout and charged me twice. Unacceptable @LumenCoffee {e-}',
    '@LumenSupport the Lumen app has been down for an hour and my points are gone. Terrible service {e-}',
    'Standing in line because the Lumen app is broken again. So frustrating {e-}',
    'Lumen app outage: payment failed three times, money taken anyway. Worst experience {e-}',
    'Hey @LumenCoffee my points disappeared after the Lumen app update. Really annoying {e-}',
  ],
  es: [
    '¿Se cayó la app de Lumen? Imposible pagar, qué horror @LumenSupport {e-}',
    'La app de Lumen me cobró dos veces y el pedido desapareció. Un desastre total {e-}',
    'Perdí todos mis puntos Lumen con la actualización de la app, horrible {e-}',
  ],
  fr: [
    'L’appli Lumen est en panne ? Impossible de payer, c’est horrible @LumenSupport {e-}',
    'L’application Lumen m’a débité deux fois et la commande a disparu. Scandaleux {e-}',
    'Mes points Lumen ont disparu avec la mise à jour de l’appli, c’est nul {e-}',
  ],
  de: [
    'Lumen App schon wieder down? Bezahlen unmöglich, echt ärgerlich @LumenSupport {e-}',
    'Die Lumen App hat zweimal abgebucht und die Bestellung ist weg. Katastrophe {e-}',
    'Alle meine Lumen Punkte sind nach dem App Update weg. Schlimm {e-}',
  ],
  pt: [
    'O app da Lumen caiu? Impossível pagar, que raiva @LumenSupport {e-}',
    'App da Lumen cobrou duas vezes e o pedido sumiu. Péssimo {e-}',
    'Perdi todos os meus pontos Lumen depois da atualização do app, horrível {e-}',
  ],
  ja: [
    'Lumen app が落ちてて注文も支払いもできない。最悪 @LumenSupport {e-}',
    'Lumen app で二重に請求された。ひどい{e-}',
    'アップデートしたら Lumen app のポイントが消えた。困る{e-}',
  ],
};

/** The summer campaign, #BrewTheLight. */
export const CAMPAIGN_POSTS: Templates = {
  en: ['Loving the summer menu! {d} on the terrace #BrewTheLight {e+}', 'Brew the light, they said. Iced {d} in {city} sunshine #BrewTheLight {e+}', 'My #BrewTheLight entry: latte art at sunrise {link}'],
  es: ['Mi foto para #BrewTheLight: {d} al sol en {city} {e+}', 'Participando en el sorteo de Lumen Coffee #BrewTheLight'],
  fr: ['Mon {d} au soleil de {city} #BrewTheLight {e+}', 'Je participe au concours Lumen Coffee #BrewTheLight'],
  de: ['Mein {d} in der Sonne von {city} #BrewTheLight {e+}', 'Mache beim Lumen Coffee Gewinnspiel mit #BrewTheLight'],
  pt: ['Meu {d} no sol de {city} #BrewTheLight {e+}', 'Participando do sorteio Lumen Coffee #BrewTheLight'],
  ja: ['{city}の日差しの中で{d} #BrewTheLight {e+}'],
};

/** The firehose: posts about nothing the demo tracks, including near misses its exclusions drop. */
export const OFF_TOPIC: Templates = {
  en: [
    'Can’t believe it’s already Thursday. This week flew by',
    'Anyone watching the game tonight? {tag}',
    'Made banana bread for the first time and it actually worked {e+}',
    'My new bike light is 1200 lumens and it is blinding everyone lol',
    'Saw the aurora borealis last night from the cabin. Unreal {e+}',
    'A kestrel was hovering over the field behind our house this morning',
    'Traffic on the bridge is a nightmare again {e-}',
    'Need coffee. Lots of coffee. {tag}',
    'Just finished a 10k run in the rain, feeling great',
    'Thread: 10 things I learned from my first year as a freelance designer {link}',
    'The new season of that baking show is so good',
    'Flight delayed 3 hours, classic',
  ],
  es: ['Qué calor hace hoy en {city}', 'Alguien vio el partido de anoche? {tag}', 'Por fin viernes, a descansar', 'Necesito un café urgente {tag}', 'Anoche vimos una aurora preciosa en el sur'],
  fr: ['Il pleut encore à {city}, quelle surprise', 'Enfin le week-end !', 'Besoin d’un café avant de parler à qui que ce soit {tag}', 'Grève des trains demain, bon courage à tous'],
  de: ['Endlich Wochenende!', 'Schon wieder Stau auf der A7', 'Erstmal einen Kaffee {tag}', 'Meine neue Taschenlampe hat 1000 Lumen, krass hell'],
  pt: ['Que calor em {city} hoje', 'Sextou! {tag}', 'Preciso de um café urgente', 'Alguém assistiu o jogo ontem?'],
  ja: ['今日は雨で寒い', 'やっと金曜日！', 'コーヒー飲まないと無理{tag}', '週末は京都に行く予定'],
};

/** Giveaway bots and link spam that mention the brand. */
export const SPAM_POSTS: readonly string[] = [
  '🎁 GIVEAWAY 🎁 Win a FREE Lumen Aurora espresso machine!!! Follow + RT + click here 👉 {link} {link}',
  'FREE Lumen Coffee gift cards for everyone!!!!! Limited offer, claim now {link} {link} #LumenCoffee #giveaway #free #coffee',
  'Earn $500 a day from home drinking Lumen Coffee 💸 DM me for details, link in bio {link}',
  '🔥🔥 Lumen Coffee crypto giveaway 🔥🔥 send 0.1 and get double your coins back {link} {link}',
];

/** A copy-paste campaign: many people post the same text, with only a mention or a link changed. */
export const COPY_PASTE: readonly string[] = [
  'Dear @LumenCoffee, please bring back the oat milk flat white to every store. Thousands of us miss it. Sign and share: {link} #BringBackOatFlat',
  '@LumenCoffee por favor devuelvan el flat white de avena a todas las tiendas. Somos miles los que lo extrañamos. Firma y comparte: {link} #BringBackOatFlat',
];

/** First names and family names per language, for authors. */
export const NAMES: Record<DemoLanguage, { first: readonly string[]; last: readonly string[] }> = {
  en: { first: ['Emma', 'Jake', 'Priya', 'Marcus', 'Chloe', 'Liam', 'Aisha', 'Tom', 'Hannah', 'Dev', 'Grace', 'Owen'], last: ['Walker', 'Nguyen', 'Patel', 'Reed', 'Murphy', 'Kim', 'Brooks', 'Hughes', 'Shaw', 'Rivera'] },
  es: { first: ['Lucía', 'Mateo', 'Sofía', 'Diego', 'Valentina', 'Javier', 'Camila', 'Pablo'], last: ['García', 'Martínez', 'López', 'Fernández', 'Ruiz', 'Torres', 'Navarro'] },
  fr: { first: ['Camille', 'Julien', 'Léa', 'Hugo', 'Manon', 'Antoine', 'Chloé', 'Lucas'], last: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Roux'] },
  de: { first: ['Lena', 'Jonas', 'Mia', 'Felix', 'Anna', 'Lukas', 'Sophie', 'Paul'], last: ['Müller', 'Schmidt', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Krüger'] },
  pt: { first: ['Ana', 'João', 'Beatriz', 'Pedro', 'Mariana', 'Gabriel', 'Larissa', 'Rafael'], last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida'] },
  ja: { first: ['Yuki', 'Haruto', 'Sakura', 'Ren', 'Aoi', 'Sota', 'Hina', 'Kaito'], last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Ito', 'Watanabe', 'Yamamoto'] },
};

/** Accounts with a large following, verified; they post in their language and get retweeted. */
export const INFLUENCERS: readonly { handle: string; name: string; lang: DemoLanguage; followers: number }[] = [
  { handle: 'thecoffeenerd', name: 'The Coffee Nerd', lang: 'en', followers: 1_840_000 },
  { handle: 'ellie_eats', name: 'Ellie Eats NYC', lang: 'en', followers: 312_000 },
  { handle: 'techwithraj', name: 'Raj | Tech Reviews', lang: 'en', followers: 655_000 },
  { handle: 'baristalucia', name: 'Lucía Barista', lang: 'es', followers: 148_000 },
  { handle: 'cafe_et_croissant', name: 'Café & Croissant', lang: 'fr', followers: 87_000 },
  { handle: 'kaffeeklaus', name: 'Kaffee Klaus', lang: 'de', followers: 64_000 },
  { handle: 'cafecomana', name: 'Café com Ana', lang: 'pt', followers: 233_000 },
  { handle: 'kohi_tokyo', name: '東京コーヒー日記', lang: 'ja', followers: 420_000 },
];

export const MASTODON_INSTANCES = ['mastodon.social', 'fosstodon.org', 'hachyderm.io', 'mstdn.jp', 'piaille.fr', 'chaos.social'] as const;
export const SUBREDDITS = ['coffee', 'espresso', 'Baristas', 'cafe', 'portland', 'de', 'brasil'] as const;
export const NEWS_SITES = ['dailybrew.example', 'retailwire.example', 'techpulse.example', 'elperiodico.example', 'lemonde-eco.example'] as const;
export const REVIEW_SITES = ['trustreviews.example', 'yelpish.example'] as const;
export const LINK_HOSTS = ['bit.ly', 'lumencoffee.example', 'instagram.com', 'youtu.be', 'medium.com'] as const;
export const SPAM_HOSTS = ['free-gift.example', 'claim-now.example', 'bit.ly'] as const;

/** Headlines for news and review posts; their body is the post text. */
export const NEWS_TITLES = {
  neutral: ['Lumen Coffee expands to 40 new locations', 'Coffee chains bet on mobile ordering', 'Kestrel Coffee reports strong quarter'],
  outage: ['Lumen Coffee app outage leaves customers unable to pay', 'Lumen app down: payments fail across stores'],
} as const;
