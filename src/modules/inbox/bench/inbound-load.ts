// Inbound load: customer messages through receiveMessages — the one path every channel's inbound
// message takes (contact resolution, thread upsert, the timeline, events, routing rules, the team's
// turn and the SLA clock) — in batches of the size the webhook drain claims, a few batches in flight
// (as several workers drain), for a fixed time. Two in three start a new conversation (so the
// "created" routing rules run); the rest continue one started earlier in the run.
import type { Database } from '../../../db/client.js';
import { seededRandom } from '../../../lib/seeded-random.js';
import { receiveMessages, type InboundMessageInput } from '../commands/receive-message.js';
import { BENCH_CHANNELS, FIRST, LAST } from './seed-inbox.js';

/** `latenciesMs`: of each batch, from the call to its commit and follow-ups */
export type InboundResult = { messages: number; newConversations: number; seconds: number; latenciesMs: number[]; errors: number; errorExamples: string[] };

const TEXTS = [
  'Hi! My order {n} has not arrived yet, where is it?',
  'I was charged twice for order {n}, I want a refund.',
  'The espresso machine I bought stopped working after a week. Terrible.',
  'Do you have the dark roast in stock at the downtown store?',
  'Love your new cold brew, when does the summer blend come back?',
  'Hola, mi pedido {n} llegó incompleto, falta una bolsa de café.',
  'Bonjour, je voudrais annuler ma commande {n} s’il vous plaît.',
  'Can I change the delivery address for {n}? I am moving this week.',
];

const IDENTITY_CHANNEL: Record<string, 'webchat' | 'twitter' | 'instagram' | 'email' | 'whatsapp'> = {
  webchat: 'webchat',
  x: 'twitter',
  instagram: 'instagram',
  email: 'email',
  whatsapp: 'whatsapp',
};

/** What the platform calls the sender: an address for email, a phone number for WhatsApp, a handle elsewhere. */
function externalIdOf(channel: string, handle: string, n: number): string {
  if (channel === 'email') return `${handle}@mail.test`;
  if (channel === 'whatsapp') return `+1415${String(2_000_000 + (n % 50_000)).padStart(7, '0')}`;
  return handle;
}

export async function runInbound(db: Database, workspaceId: string, options: { seconds: number; concurrency: number; batch: number; runId: string }): Promise<InboundResult> {
  const latenciesMs: number[] = [];
  const threads: { channelId: string; thread: string; handle: string; name: string; externalId: string; channel: string; followers: number }[] = [];
  let messages = 0;
  let newConversations = 0;
  let errors = 0;
  let sequence = 0;
  const errorExamples: string[] = [];
  const endAt = performance.now() + options.seconds * 1000;
  const failed = (message: string) => {
    errors += 1;
    if (errorExamples.length < 5) errorExamples.push(message.slice(0, 300));
  };

  // Which earlier thread a follow-up continues: uniform over them, the same every run (a multiplicative
  // hash taken modulo the thread count clustered, sending batches in flight into each other's threads
  // several times as often as chance would).
  const random = seededRandom(0x5eed);
  const next = (): InboundMessageInput => {
    const n = sequence++;
    // A follow-up continues a thread whose first message went in an earlier round, not one still in
    // flight: a customer's reply comes after their first message was taken in (two messages of one
    // thread in batches in flight together wait for each other, as they must).
    const settled = threads.length - options.batch * options.concurrency;
    const fresh = settled < options.batch * options.concurrency || n % 3 !== 0;
    let target: (typeof threads)[number];
    if (fresh) {
      // Channel by its share of traffic; one sender in thirty has a large following.
      const roll = (n * 7919) % 100;
      let acc = 0;
      const channel = BENCH_CHANNELS.find((c) => roll < (acc += c.share)) ?? BENCH_CHANNELS[0];
      const fan = n % 50_000;
      const handle = `${options.runId}-fan${fan}`;
      const externalId = externalIdOf(IDENTITY_CHANNEL[channel.type] ?? 'webchat', handle, n);
      // An ordinary name, as the seeded contacts have ("Customer <run>-fan123" for everyone made the
      // duplicate search's trigram index hand over tens of thousands of near-identical names per sender).
      const name = `${FIRST[fan % FIRST.length]} ${LAST[Math.floor(fan / FIRST.length) % LAST.length]}`;
      target = { channelId: channel.id, thread: `${options.runId}-t${n}`, handle, name, externalId, channel: channel.type, followers: n % 30 === 0 ? 12_000 + n : (n * 31) % 2500 };
      threads.push(target);
    } else {
      target = threads[Math.floor(random() * settled)]!;
    }
    const identityChannel = IDENTITY_CHANNEL[target.channel] ?? 'webchat';
    return {
      workspaceId,
      channelId: target.channelId,
      externalThreadId: target.thread,
      externalMessageId: `${options.runId}-m${n}`,
      sender: {
        identity: {
          channel: identityChannel,
          externalId: target.externalId,
          handle: identityChannel === 'whatsapp' ? target.externalId : target.handle,
          displayName: target.name,
          ...(identityChannel === 'twitter' || identityChannel === 'instagram' ? { followers: target.followers } : {}),
        },
        ...(identityChannel === 'email' ? { email: target.externalId } : {}),
      },
      text: TEXTS[n % TEXTS.length]!.replace('{n}', `#${100000 + n}`),
    };
  };

  const send = async () => {
    const batch = Array.from({ length: options.batch }, next);
    const started = performance.now();
    try {
      const outcomes = await receiveMessages(db, batch);
      latenciesMs.push(performance.now() - started);
      for (const outcome of outcomes) {
        if ('error' in outcome) failed(outcome.error.message);
        else {
          messages += 1;
          if (outcome.createdConversation) newConversations += 1;
        }
      }
    } catch (error) {
      failed((error as Error).message);
    }
  };

  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < endAt) await send();
    }),
  );
  return { messages, newConversations, seconds: (performance.now() - started) / 1000, latenciesMs, errors, errorExamples };
}

