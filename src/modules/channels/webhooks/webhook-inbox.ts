// Durable storage of webhook deliveries before they are acknowledged. Requests arriving while an
// INSERT is in flight wait for the next one, which takes them all as one multi-row INSERT … ON
// CONFLICT DO NOTHING: one commit (one WAL flush) for many webhooks, so throughput grows with load
// while a lone webhook still waits only for its own commit. After a commit, the drain job is nudged.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { WebhookPlatform } from './verify.js';

export type WebhookDelivery = { workspaceId: string; channelId: string; platform: WebhookPlatform; body: Buffer; contentType: string | null };
export type StoredDelivery = { stored: boolean; dedupeKey: string };

type Waiting = { delivery: WebhookDelivery; dedupeKey: string; resolve: (stored: boolean) => void; reject: (error: unknown) => void };

const MAX_BATCH = 500;

/** Telegram numbers its updates; anything else is recognised by the SHA-256 of its exact bytes (platforms re-deliver the same body). */
export function dedupeKeyOf(platform: WebhookPlatform, body: Buffer): string {
  if (platform === 'telegram') {
    const match = /^\s*\{[^{]*?"update_id"\s*:\s*(\d+)/.exec(body.subarray(0, 200).toString('utf8'));
    if (match) return `update:${match[1]}`;
  }
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

const INSERT = `INSERT INTO webhook_events (workspace_id, channel_id, platform, dedupe_key, body, content_type)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::text[])
  ON CONFLICT (channel_id, dedupe_key) DO NOTHING
  RETURNING channel_id, dedupe_key`;

export class WebhookInbox {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly pool: pg.Pool,
    /** Called after each commit that stored something (throttled by the caller) */
    private readonly onStored: () => void = () => {},
  ) {}

  /** Resolves once the delivery is committed (stored: false when it was already there). */
  store(delivery: WebhookDelivery): Promise<StoredDelivery> {
    const dedupeKey = dedupeKeyOf(delivery.platform, delivery.body);
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ delivery, dedupeKey, resolve, reject });
      if (!this.flushing) this.flush();
    }).then((stored) => ({ stored, dedupeKey }));
  }

  private flush(): void {
    const batch = this.waiting.splice(0, MAX_BATCH);
    if (batch.length === 0) {
      this.flushing = false;
      return;
    }
    this.flushing = true;
    this.insert(batch)
      .catch(async (error: unknown) => {
        // One bad row (its channel deleted meanwhile) must not fail the others: retry them one by one.
        if (batch.length === 1) throw error;
        await Promise.all(batch.map((one) => this.insert([one]).catch((each: unknown) => one.reject(each))));
      })
      .catch((error: unknown) => batch.forEach((one) => one.reject(error)))
      .finally(() => this.flush());
  }

  private async insert(batch: Waiting[]): Promise<void> {
    const columns: [string[], string[], string[], string[], Buffer[], (string | null)[]] = [[], [], [], [], [], []];
    for (const { delivery, dedupeKey } of batch) {
      columns[0].push(delivery.workspaceId);
      columns[1].push(delivery.channelId);
      columns[2].push(delivery.platform);
      columns[3].push(dedupeKey);
      columns[4].push(delivery.body);
      columns[5].push(delivery.contentType);
    }
    const result = await this.pool.query<{ channel_id: string; dedupe_key: string }>(INSERT, columns);
    const inserted = new Set(result.rows.map((row) => `${row.channel_id} ${row.dedupe_key}`));
    if (inserted.size > 0) this.onStored();
    // The same event twice in one batch is inserted once: only its first waiter reports it as new.
    for (const one of batch) {
      const key = `${one.delivery.channelId} ${one.dedupeKey}`;
      one.resolve(inserted.delete(key));
    }
  }
}
