// A web chat channel's settings: how the widget looks and greets, which pre-chat fields it asks
// for, what it says when nobody is online, and which sites may embed it. None of it is secret: the
// widget reads it at every connection.
import { z } from 'zod';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1c7ed6');

export const webchatConfigSchema = z.object({
  title: z.string().trim().min(1).max(80).default('Chat with us'),
  greeting: z.string().trim().max(500).default('Hi! How can we help you today?'),
  color: hexColor.default('#1c7ed6'),
  position: z.enum(['right', 'left']).default('right'),
  /** Fields of the pre-chat form; empty: no form, the visitor writes at once */
  prechatFields: z.array(z.enum(['name', 'email'])).max(2).default([]),
  /** Shown instead of the greeting when no agent is online; the message is still taken */
  offlineMessage: z.string().trim().max(500).default("We're away right now. Leave a message and we'll get back to you."),
  /** When offline, ask for an email to answer at (if the visitor has not given one) */
  askEmailWhenOffline: z.boolean().default(true),
  allowAttachments: z.boolean().default(true),
  /** Sites that may open the chat ("https://shop.example.com"); empty: any site */
  allowedOrigins: z.array(z.url().transform((url) => new URL(url).origin)).max(50).default([]),
});

export type WebchatConfig = z.infer<typeof webchatConfigSchema>;

/** The stored config read leniently: a bad or old field falls back to its default instead of breaking the widget. */
export function readWebchatConfig(stored: Record<string, unknown>): WebchatConfig {
  const parsed = webchatConfigSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const fallback = webchatConfigSchema.parse({});
  const kept = Object.fromEntries(
    Object.entries(stored).filter(([key, value]) => {
      const field = webchatConfigSchema.shape[key as keyof WebchatConfig];
      return field ? field.safeParse(value).success : false;
    }),
  );
  return { ...fallback, ...webchatConfigSchema.partial().parse(kept) } as WebchatConfig;
}

/** Whether a page at `origin` may open this channel's chat. */
export function originAllowed(config: WebchatConfig, origin: string | undefined): boolean {
  if (config.allowedOrigins.length === 0) return true;
  return origin !== undefined && config.allowedOrigins.includes(origin);
}
