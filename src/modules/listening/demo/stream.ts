// The demo's simulated firehose: posts that read like real ones, in six languages, from authors with
// a realistic follower distribution (most small, a few verified influencers, some bots), on several
// networks with plausible URLs. Most posts are about nothing the demo tracks; the rest praise,
// complain about or mention the brand, its competitors, its products and its campaign, with giveaway
// spam, retweets and a copy-paste campaign among them. During an incident a burst of complaints about
// the Lumen app being down arrives in every language.
//
// Pure and seeded: the same seed and run key give the same posts.
import { createRandom } from '../bench/workload.js';
import type { IncomingAuthor, IncomingPost } from '../pipeline/incoming.js';
import {
  APP_POSTS,
  BRAND_FORMS,
  CAMPAIGN_POSTS,
  CITIES,
  COMPLAINTS,
  COPY_PASTE,
  COUNTRIES,
  DEMO_LANGUAGES,
  DRINKS,
  HAPPY_EMOJI,
  INFLUENCERS,
  LANGUAGE_WEIGHTS,
  LINK_HOSTS,
  LOOSE_TAGS,
  MACHINE_FORMS,
  MACHINE_POSTS,
  MASTODON_INSTANCES,
  NAMES,
  NEWS_SITES,
  NEWS_TITLES,
  OFF_TOPIC,
  OUTAGE_POSTS,
  PRAISE,
  REMARKS,
  REVIEW_SITES,
  SAD_EMOJI,
  SPAM_HOSTS,
  SPAM_POSTS,
  SUBREDDITS,
  type BrandKey,
  type DemoLanguage,
  type Templates,
} from './corpus.js';

export const DEMO_SOURCE = 'demo';

export type DemoPostKind = 'off_topic' | 'praise' | 'complaint' | 'remark' | 'machine' | 'app' | 'campaign' | 'outage' | 'news' | 'review' | 'spam' | 'copy_paste' | 'retweet';

type Random = () => number;
type Channel = 'twitter' | 'mastodon' | 'bluesky' | 'reddit' | 'youtube';
type Author = { lang: DemoLanguage; channel: Channel; handle: string; name: string; externalId: string; followers: number; following: number; verified: boolean; createdAt: Date; bot: boolean };

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const token = (random: Random, length: number, alphabet = ALPHANUMERIC): string => Array.from({ length }, () => pick(random, [...alphabet])).join('');
const digits = (random: Random, length: number): string => String(int(random, 1, 9)) + token(random, length - 1, '0123456789');

function weighted<T extends string>(random: Random, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let total = 0;
  for (const [, weight] of entries) total += weight;
  let u = random() * total;
  for (const [key, weight] of entries) {
    u -= weight;
    if (u < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

/** Share of each kind of post in the ordinary firehose. */
const ORDINARY_MIX: Record<Exclude<DemoPostKind, 'outage'>, number> = {
  off_topic: 0.56,
  praise: 0.1,
  complaint: 0.06,
  remark: 0.05,
  machine: 0.05,
  app: 0.025,
  campaign: 0.04,
  news: 0.01,
  review: 0.02,
  spam: 0.035,
  copy_paste: 0.025,
  retweet: 0.025,
};

/** During an incident most posts are complaints about it. */
const INCIDENT_SHARE = 0.6;

const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

const ascii = (text: string): string => text.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();

export type DemoStreamOptions = {
  seed: number;
  /** makes the posts of one run distinct from another's */
  runKey: string;
  /** the present, which bot accounts' ages are measured from */
  now?: Date;
};

export class DemoStream {
  private readonly random: Random;
  private readonly authors: Record<DemoLanguage, Author[]>;
  private readonly influencers: Author[];
  private readonly bots: Author[];
  private readonly copiers: Author[];
  /** recent influencer posts, which retweets copy */
  private readonly retweetable: { author: Author; text: string }[] = [];
  private sequence = 0;
  readonly kinds = new Map<string, DemoPostKind>();

  constructor(private readonly options: DemoStreamOptions) {
    this.random = createRandom(options.seed);
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    this.authors = Object.fromEntries(DEMO_LANGUAGES.map((lang) => [lang, Array.from({ length: 60 }, () => this.person(lang, start))])) as Record<DemoLanguage, Author[]>;
    this.influencers = INFLUENCERS.map((influencer) => ({
      lang: influencer.lang,
      channel: influencer.handle === 'techwithraj' ? 'youtube' : 'twitter',
      handle: influencer.handle,
      name: influencer.name,
      externalId: digits(this.random, 10),
      followers: influencer.followers,
      following: int(this.random, 200, 1500),
      verified: true,
      createdAt: new Date(start - int(this.random, 1500, 4000) * 86_400_000),
      bot: false,
    }));
    this.bots = Array.from({ length: 12 }, () => {
      const word = pick(this.random, ['coffeedeals', 'freegifts', 'promo_hub', 'dailywins', 'cryptobrew', 'giftcardz']);
      return {
        lang: 'en' as const,
        channel: 'twitter' as const,
        handle: `${word}${digits(this.random, 8)}`,
        name: pick(this.random, ['Deals 4 U', 'Free Gifts Daily', 'Win Big', 'Crypto Rewards']),
        externalId: digits(this.random, 19),
        followers: int(this.random, 0, 40),
        following: int(this.random, 1500, 4800),
        verified: false,
        createdAt: new Date((options.now ?? new Date()).getTime() - int(this.random, 1, 5) * 86_400_000),
        bot: true,
      };
    });
    this.copiers = [...this.authors.en.slice(0, 30), ...this.authors.es.slice(0, 20)];
  }

  /** The next post, published at `at`; during an incident most posts complain about the app outage. */
  next(at: Date, incident = false): IncomingPost {
    const kind: DemoPostKind = incident && this.random() < INCIDENT_SHARE ? 'outage' : weighted(this.random, ORDINARY_MIX);
    const post = this.make(kind, at);
    this.kinds.set(post.externalId, kind);
    return post;
  }

  /**
   * A week of history ending at `now`: `count` ordinary posts with more by day than by night, plus a
   * past incident of `incidentMinutes` starting `incidentHoursAgo` hours before now.
   */
  history(now: Date, count: number, incident: { hoursAgo: number; minutes: number; posts: number }): IncomingPost[] {
    const week = 7 * 86_400_000;
    const times: { at: number; incident: boolean }[] = [];
    while (times.length < count) {
      const at = now.getTime() - this.random() * week;
      const hour = new Date(at).getUTCHours();
      // Busier from morning to evening (UTC, where most of the demo's audience is awake).
      if (this.random() < 0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 18) * Math.PI))) times.push({ at, incident: false });
    }
    const incidentStart = now.getTime() - incident.hoursAgo * 3_600_000;
    for (let i = 0; i < incident.posts; i++) times.push({ at: incidentStart + this.random() * incident.minutes * 60_000, incident: true });
    times.sort((a, b) => a.at - b.at);
    return times.map((time) => this.next(new Date(Math.round(time.at)), time.incident));
  }

  private make(kind: DemoPostKind, at: Date): IncomingPost {
    const lang = weighted(this.random, LANGUAGE_WEIGHTS);
    switch (kind) {
      case 'praise':
        return this.social(this.author(lang), this.fill(PRAISE, lang, this.brand()), at);
      case 'complaint':
        return this.social(this.author(lang), this.fill(COMPLAINTS, lang, this.brand()), at);
      case 'remark':
        return this.social(this.author(lang), this.fill(REMARKS, lang, this.brand()), at);
      case 'machine': {
        const mood = weighted(this.random, { positive: 0.45, negative: 0.3, neutral: 0.25 });
        return this.social(this.author(lang), this.fill(MACHINE_POSTS[mood], lang, 'lumen'), at);
      }
      case 'app':
        return this.social(this.author(lang), this.fill(APP_POSTS, lang, 'lumen'), at);
      case 'campaign':
        return this.social(this.author(lang), this.fill(CAMPAIGN_POSTS, lang, 'lumen'), at);
      case 'outage':
        return this.random() < 0.04 ? this.news(at, true) : this.social(this.author(lang), this.fill(OUTAGE_POSTS, lang, 'lumen'), at);
      case 'off_topic':
        return this.social(this.author(lang), this.fill(OFF_TOPIC, lang, 'lumen'), at);
      case 'news':
        return this.news(at, false);
      case 'review':
        return this.review(at);
      case 'spam': {
        const bot = pick(this.random, this.bots);
        return this.social(bot, this.slots(pick(this.random, SPAM_POSTS), 'en', 'lumen', true), at);
      }
      case 'copy_paste': {
        const text = pick(this.random, COPY_PASTE);
        const copier = pick(this.random, this.copiers.filter((author) => (text.includes('por favor') ? author.lang === 'es' : author.lang === 'en')));
        return this.social(copier, this.slots(text, copier.lang, 'lumen'), at);
      }
      case 'retweet': {
        const original = this.retweetable.length > 0 ? pick(this.random, this.retweetable) : null;
        if (!original) return this.make('praise', at);
        const retweeter = this.author(original.author.lang, 'twitter');
        return this.social(retweeter, `RT @${original.author.handle}: ${original.text}`, at);
      }
    }
  }

  private brand(): BrandKey {
    return weighted(this.random, { lumen: 0.62, kestrel: 0.24, morrow: 0.14 });
  }

  private fill(templates: Templates, lang: DemoLanguage, brand: BrandKey): string {
    return this.slots(pick(this.random, templates[lang]), lang, brand);
  }

  private slots(template: string, lang: DemoLanguage, brand: BrandKey, spam = false): string {
    return template
      .replace(/\{(b|m|d|city|e\+|e-|link|tag)\}/g, (_, slot: string) => {
        switch (slot) {
          case 'b':
            return this.spaced(pick(this.random, BRAND_FORMS[brand][lang]), lang);
          case 'm':
            return this.spaced(pick(this.random, MACHINE_FORMS[lang]), lang);
          case 'd':
            return pick(this.random, DRINKS[lang]);
          case 'city':
            return pick(this.random, CITIES[lang]);
          case 'e+':
            return pick(this.random, HAPPY_EMOJI);
          case 'e-':
            return pick(this.random, SAD_EMOJI);
          case 'tag':
            return pick(this.random, LOOSE_TAGS);
          default:
            return spam ? `https://${pick(this.random, SPAM_HOSTS)}/${token(this.random, 7)}` : `https://${pick(this.random, LINK_HOSTS)}/${token(this.random, 8)}`;
        }
      })
      .replace(/[ \u3000]+/g, ' ')
      .replace(/ ([.,!?、。！？])/g, '$1')
      .trim();
  }

  /** In Japanese a Latin name, handle or hashtag gets spaces around it, or it would run into the words beside it. */
  private spaced(form: string, lang: DemoLanguage): string {
    return lang === 'ja' && /[A-Za-z]$/.test(form) ? ` ${form} ` : form;
  }

  private person(lang: DemoLanguage, epoch: number): Author {
    const first = pick(this.random, NAMES[lang].first);
    const last = pick(this.random, NAMES[lang].last);
    const style = int(this.random, 0, 3);
    const handle = [`${ascii(first)}_${ascii(last)}`, `${ascii(first)}${ascii(last).slice(0, 1)}${int(this.random, 1, 99)}`, `${ascii(first)}.${ascii(last)}`, `the${ascii(first)}`][style]!.replace(/\./g, '_');
    // Log-normal followers: a median near 300, a long tail into the tens of thousands.
    const normal = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    const followers = Math.min(45_000, Math.round(Math.exp(5.7 + 1.4 * normal)));
    const channel = weighted<Channel>(this.random, lang === 'ja' ? { twitter: 0.7, mastodon: 0.2, bluesky: 0.1, reddit: 0, youtube: 0 } : { twitter: 0.5, mastodon: 0.14, bluesky: 0.16, reddit: 0.12, youtube: 0.08 });
    return {
      lang,
      channel,
      handle,
      name: `${first} ${last}`,
      externalId: channel === 'bluesky' ? `did:plc:${token(this.random, 24, 'abcdefghijklmnopqrstuvwxyz234567')}` : digits(this.random, channel === 'twitter' ? 18 : 9),
      followers,
      following: int(this.random, 50, 900),
      verified: false,
      createdAt: new Date(epoch - int(this.random, 60, 4000) * 86_400_000),
      bot: false,
    };
  }

  /** Someone posting in `lang`: an influencer now and then, otherwise an ordinary person (some post far more than others). */
  private author(lang: DemoLanguage, channel?: Channel): Author {
    if (!channel && this.random() < 0.04) {
      const influencer = this.influencers.find((candidate) => candidate.lang === lang && this.random() < 0.6);
      if (influencer) return influencer;
    }
    const pool = channel ? this.authors[lang].filter((author) => author.channel === channel) : this.authors[lang];
    const list = pool.length > 0 ? pool : this.authors[lang];
    return list[Math.floor(Math.pow(this.random(), 1.8) * list.length)]!;
  }

  private externalId(): string {
    return `${this.options.runKey}-${(this.sequence++).toString().padStart(6, '0')}`;
  }

  private social(author: Author, text: string, at: Date): IncomingPost {
    const externalId = this.externalId();
    const random = this.random;
    let url: string;
    let handle = author.handle;
    let profileUrl: string;
    let title: string | undefined;
    switch (author.channel) {
      case 'twitter': {
        const snowflake = ((BigInt(at.getTime()) - 1288834974657n) << 22n) + BigInt(int(random, 0, 4_000_000));
        url = `https://x.com/${handle}/status/${snowflake}`;
        profileUrl = `https://x.com/${handle}`;
        break;
      }
      case 'mastodon': {
        const instance = author.lang === 'ja' ? 'mstdn.jp' : MASTODON_INSTANCES[author.handle.length % MASTODON_INSTANCES.length]!;
        url = `https://${instance}/@${handle}/${digits(random, 18)}`;
        profileUrl = `https://${instance}/@${handle}`;
        handle = `${handle}@${instance}`;
        break;
      }
      case 'bluesky':
        handle = `${handle.replace(/_/g, '-')}.bsky.social`;
        url = `https://bsky.app/profile/${handle}/post/3l${token(random, 11, 'abcdefghijklmnopqrstuvwxyz234567')}`;
        profileUrl = `https://bsky.app/profile/${handle}`;
        break;
      case 'reddit': {
        const subreddit = pick(random, SUBREDDITS);
        title = text.length > 90 ? `${text.slice(0, text.lastIndexOf(' ', 80))}…` : text;
        url = `https://www.reddit.com/r/${subreddit}/comments/${token(random, 6, 'abcdefghijklmnopqrstuvwxyz0123456789')}/${slug(title)}/`;
        profileUrl = `https://www.reddit.com/user/${handle}`;
        break;
      }
      case 'youtube':
        url = `https://www.youtube.com/watch?v=${token(random, 11)}&lc=Ugz${token(random, 20)}`;
        profileUrl = `https://www.youtube.com/@${handle}`;
        break;
    }
    if (author.verified) this.retweetable.push({ author, text });
    if (this.retweetable.length > 20) this.retweetable.shift();
    const incomingAuthor: IncomingAuthor = {
      handle,
      externalId: author.externalId,
      name: author.name,
      followers: author.followers,
      following: author.following,
      verified: author.verified,
      profileUrl,
      accountCreatedAt: author.createdAt.toISOString(),
      ...(author.bot ? { postsPerHour: int(random, 25, 90), defaultAvatar: true } : { avatarUrl: `https://avatars.parley-demo.example/${ascii(author.handle)}.jpg` }),
    };
    const reach = Math.max(1, author.followers);
    return {
      externalId,
      text,
      ...(title ? { title } : {}),
      url,
      channel: author.channel,
      // X and Bluesky say which language a post is in; the others leave it to detection.
      ...(author.channel === 'twitter' || author.channel === 'bluesky' ? { lang: author.lang } : {}),
      country: pick(random, COUNTRIES[author.lang]),
      publishedAt: at.toISOString(),
      author: incomingAuthor,
      data: { likes: Math.floor(random() * reach * 0.02), reposts: Math.floor(random() * reach * 0.004), replies: Math.floor(random() * reach * 0.002) },
    };
  }

  private news(at: Date, outage: boolean): IncomingPost {
    const site = pick(this.random, NEWS_SITES);
    const title = pick(this.random, outage ? NEWS_TITLES.outage : NEWS_TITLES.neutral);
    const text = outage
      ? 'Customers of Lumen Coffee reported on Tuesday that the Lumen app was down for hours, with failed payments, double charges and missing rewards points. The company said it was investigating.'
      : `${title}. The chain, known for its flat whites and its Lumen app, is competing with Kestrel Coffee and Morrow Roasters for commuters in big cities.`;
    const month = String(at.getUTCMonth() + 1).padStart(2, '0');
    return {
      externalId: this.externalId(),
      title,
      text,
      url: `https://www.${site}/${at.getUTCFullYear()}/${month}/${slug(title)}`,
      channel: 'news',
      lang: 'en',
      publishedAt: at.toISOString(),
      author: { name: pick(this.random, ['Dana Whitfield', 'Marco Ruiz', 'Staff reporter']) },
    };
  }

  private review(at: Date): IncomingPost {
    const positive = this.random() < 0.6;
    const text = this.fill(positive ? PRAISE : COMPLAINTS, 'en', 'lumen');
    const rating = positive ? int(this.random, 4, 5) : int(this.random, 1, 2);
    const author = this.author('en');
    const site = pick(this.random, REVIEW_SITES);
    const city = pick(this.random, CITIES.en);
    return {
      externalId: this.externalId(),
      title: positive ? pick(this.random, ['My go-to café', 'Great coffee, friendly staff', 'Worth the detour']) : pick(this.random, ['Slow and overpriced', 'Not what it used to be', 'Disappointing visit']),
      text,
      url: `https://www.${site}/biz/lumen-coffee-${slug(city)}/reviews/${token(this.random, 10)}`,
      channel: 'review',
      lang: 'en',
      country: 'us',
      publishedAt: at.toISOString(),
      author: { handle: author.handle, name: author.name },
      data: { rating },
    };
  }
}
