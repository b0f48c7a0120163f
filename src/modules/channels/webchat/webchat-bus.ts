// How web chat frames reach a visitor's open sockets, whichever web process holds them: a NOTIFY on
// `parley_webchat` that every web process LISTENs to (WebchatHub). A sender that must know whether a
// socket got it (the driver, to mark a message delivered) LISTENs for the holder's acknowledgement on
// `parley_webchat_ack` for a moment; no answer means no socket is open, and the visitor reads the
// message from history when they come back.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Executor } from '../../../db/client.js';

export const WEBCHAT_CHANNEL = 'parley_webchat';
export const WEBCHAT_ACK_CHANNEL = 'parley_webchat_ack';

export type BusMessage =
  | { kind: 'message'; visitorId: string; messageId: string; deliveryId?: string }
  | { kind: 'typing'; visitorId: string; on: boolean; name: string | null }
  | { kind: 'csat'; visitorId: string; token: string };

export async function publish(db: Executor, message: BusMessage): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${WEBCHAT_CHANNEL}, ${JSON.stringify(message)})`);
}

/** Publishes a message and waits up to `timeoutMs` for a web process to say a socket got it. */
export async function publishAndAwaitDelivery(pool: pg.Pool, message: Omit<Extract<BusMessage, { kind: 'message' }>, 'deliveryId'>, timeoutMs = 1500): Promise<boolean> {
  const deliveryId = randomUUID();
  const client = await pool.connect();
  let timer: NodeJS.Timeout | undefined;
  let onNotification: ((notification: pg.Notification) => void) | undefined;
  try {
    const acknowledged = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      onNotification = (notification) => {
        if (notification.channel === WEBCHAT_ACK_CHANNEL && notification.payload === deliveryId) resolve(true);
      };
      client.on('notification', onNotification);
    });
    await client.query(`LISTEN ${WEBCHAT_ACK_CHANNEL}`);
    await client.query('SELECT pg_notify($1, $2)', [WEBCHAT_CHANNEL, JSON.stringify({ ...message, deliveryId })]);
    return await acknowledged;
  } finally {
    clearTimeout(timer);
    if (onNotification) client.off('notification', onNotification);
    await client.query(`UNLISTEN ${WEBCHAT_ACK_CHANNEL}`).catch(() => {});
    client.release();
  }
}
