// Builds correction examples from plain texts for the learning tests.
import { scoreSentiment } from '../enrich/sentiment.js';
import { analyzePost } from '../text/analyze.js';
import { extractFeatures } from './features.js';
import type { CorrectionExample } from './model.js';

/** An example whose machine label is the lexicon's, corrected to `label` (or left as the machine said). */
export function correction(id: string, text: string, label?: string, lang = 'en'): CorrectionExample {
  const machine = scoreSentiment(text, lang);
  return { id, features: extractFeatures(analyzePost({ id, text, lang }), machine), machineLabel: machine.label, label: label ?? machine.label };
}

const SUBJECTS = ['the app', 'our team', 'this phone', 'the update', 'my order', 'the service', 'that movie', 'the weather', 'support', 'the price'];
const VERBS = ['is', 'looks', 'seems', 'was', 'felt'];
const ENDINGS = ['great', 'fine', 'ok today', 'terrible', 'awesome', 'here', 'slow', 'new', 'lovely', 'bad'];

/** `count` varied short texts, deterministic: text i of one call is text i of every call. */
export function syntheticTexts(count: number, extra = ''): string[] {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = [SUBJECTS[i % SUBJECTS.length], VERBS[Math.floor(i / 10) % VERBS.length], ENDINGS[(i + Math.floor(i / 10)) % ENDINGS.length]];
    texts.push(`${extra}${words.join(' ')} #${i % 7 === 0 ? 'news' : 'day'}${i}`.trim());
  }
  return texts;
}
