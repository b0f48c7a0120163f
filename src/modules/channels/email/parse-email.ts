// Reads one raw email (RFC 5322, as IMAP hands it over) into what the inbox needs: who wrote it, the
// thread it belongs to (the root of its References chain), its text — plain text preferred, HTML
// turned into text otherwise, the HTML kept — its files, and whether it is an automatic message
// (auto-reply, bounce) that must not become a conversation.
import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';

export type EmailAddress = { address: string; name: string | null };

export type EmailFile = { name: string; contentType: string; size: number; content: Buffer };

export type ParsedEmail = {
  /** `<id@host>`, as the message says, or one made up from the mailbox position when it has none */
  messageId: string;
  /** The ids this message answers, oldest first: References, then In-Reply-To when not already in it */
  references: string[];
  inReplyTo: string | null;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  text: string;
  html: string | null;
  attachments: EmailFile[];
  date: Date | null;
  /** Why this is an automatic message (auto-reply, bounce…), or null for a person's email */
  automatic: string | null;
};

const MAX_REFERENCES = 50;
const messageIdPattern = /<[^<>\s]+>/g;

/** Message ids in their `<…>` form, from a header that may hold several or omit the brackets. */
export function messageIdsOf(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const ids: string[] = [];
  for (const part of [value].flat()) {
    const bracketed = part.match(messageIdPattern);
    if (bracketed) ids.push(...bracketed);
    else if (part.trim() && !/\s/.test(part.trim())) ids.push(`<${part.trim()}>`);
  }
  return [...new Set(ids)];
}

/** The conversation's thread: the first message of the chain this one answers, or the message itself. */
export const threadRootOf = (email: Pick<ParsedEmail, 'references' | 'messageId'>): string => email.references[0] ?? email.messageId;

const addressesOf = (value: AddressObject | AddressObject[] | undefined): EmailAddress[] =>
  [value ?? []]
    .flat()
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .filter((entry) => entry.address)
    .map((entry) => ({ address: entry.address!.trim().toLowerCase(), name: entry.name?.trim() || null }));

const headerText = (value: HeaderValue | undefined): string => {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(' ');
  if ('value' in value && typeof value.value === 'string') return value.value;
  return '';
};

/**
 * Why an email is automatic, by the headers that say so: Auto-Submitted (RFC 3834), the Microsoft and
 * older auto-responder headers, bulk Precedence, delivery reports (RFC 3464) and mailer daemons.
 */
export function automaticReason(mail: Pick<ParsedMail, 'headers' | 'from'>): string | null {
  const header = (name: string) => headerText(mail.headers.get(name)).trim().toLowerCase();
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (header('x-autoreply') || header('x-autorespond') || header('x-autoresponder')) return 'an auto-responder header';
  if (/^(auto_reply|bulk|junk|list)$/.test(header('precedence'))) return `Precedence: ${header('precedence')}`;
  const contentType = header('content-type');
  if (contentType.startsWith('multipart/report')) return 'a delivery report';
  const from = addressesOf(mail.from)[0]?.address ?? '';
  if (/^(mailer-daemon|postmaster)@/.test(from)) return `sent by ${from}`;
  return null;
}

/** The text of an HTML body, as a person would read it (links kept after their words). */
export const htmlToText = (html: string): string =>
  convert(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }] }).trim();

export async function parseEmail(source: Buffer | string, fallbackMessageId: string): Promise<ParsedEmail> {
  // cid: links stay as they are: replacing them by data: URIs would copy every inline image into the HTML.
  const mail = await simpleParser(source, { keepCidLinks: true, skipTextToHtml: true });
  const messageId = messageIdsOf(mail.messageId)[0] ?? fallbackMessageId;
  const inReplyTo = messageIdsOf(mail.inReplyTo)[0] ?? null;
  const references = messageIdsOf(mail.references).filter((id) => id !== messageId);
  if (inReplyTo && inReplyTo !== messageId && !references.includes(inReplyTo)) references.push(inReplyTo);
  const html = typeof mail.html === 'string' && mail.html.trim() ? mail.html : null;
  const plain = mail.text?.trim() ?? '';
  return {
    messageId,
    // The root and the most recent ids matter (the root threads, the latest answers); a long chain loses its middle.
    references: references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references,
    inReplyTo,
    from: addressesOf(mail.from)[0] ?? null,
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    subject: mail.subject?.trim() ?? '',
    text: plain || (html ? htmlToText(html) : ''),
    html,
    attachments: mail.attachments
      // Images a signature or the HTML shows inline are part of the body, not files the customer sent.
      .filter((file) => !(file.related && file.contentDisposition === 'inline'))
      .map((file, index) => ({ name: file.filename?.trim() || `attachment-${index + 1}`, contentType: file.contentType || 'application/octet-stream', size: file.size ?? file.content.length, content: file.content })),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    automatic: automaticReason(mail),
  };
}
