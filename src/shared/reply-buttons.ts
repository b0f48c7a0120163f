// Reply buttons (quick replies) an agent may put under a reply, shared by the API and the composer: how
// many each channel shows, and the id a button gets from its title. Channels absent from the table
// cannot show buttons; a reply sent there carries them as a numbered list at the end of its text.
import type { channelTypes } from './vocabulary.js';

type ChannelType = (typeof channelTypes)[number];

/** The most buttons the reply API takes on any channel */
export const MAX_REPLY_BUTTONS = 10;
export const MAX_REPLY_BUTTON_TITLE = 20;
export const MAX_REPLY_BUTTON_ID = 64;

export type ReplyButton = { id: string; title: string };

/** How a channel shows reply buttons: at most `max`, and (`textOnly`) only under text, without files. */
export type ReplyButtonSupport = { max: number; textOnly: boolean };

/**
 * Buttons each channel shows on a private conversation: WhatsApp's reply buttons (3, on an interactive
 * message that is text only), Telegram's inline keyboard, Messenger's and Instagram's quick replies (13,
 * capped by the API's 10). Comments on a post (public conversations) take no buttons anywhere.
 */
const replyButtonSupport: Partial<Record<ChannelType, ReplyButtonSupport>> = {
  whatsapp: { max: 3, textOnly: true },
  telegram: { max: MAX_REPLY_BUTTONS, textOnly: false },
  messenger: { max: MAX_REPLY_BUTTONS, textOnly: false },
  instagram: { max: MAX_REPLY_BUTTONS, textOnly: false },
};

/** How a reply on this conversation shows buttons, or null when they go into the text as a numbered list. */
export function replyButtonsOn(channelType: ChannelType, visibility: 'public' | 'private'): ReplyButtonSupport | null {
  return visibility === 'private' ? (replyButtonSupport[channelType] ?? null) : null;
}

/** A button's id when none is given: its title in lowercase words joined by dashes ("Not yet" → "not-yet"). */
export function buttonSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_REPLY_BUTTON_ID);
}

/** The buttons with their ids: given ones kept, missing ones from the title, made unique with a number ("yes", "yes-2"). */
export function withButtonIds(buttons: { title: string; id?: string | undefined }[]): ReplyButton[] {
  const taken = new Set(buttons.flatMap((button) => (button.id ? [button.id] : [])));
  return buttons.map((button, index) => {
    const title = button.title.trim();
    if (button.id) return { id: button.id, title };
    const base = buttonSlug(title) || `button-${index + 1}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base.slice(0, MAX_REPLY_BUTTON_ID - String(n).length - 1)}-${n}`;
    taken.add(id);
    return { id, title };
  });
}

/** The text a channel without buttons sends instead: the reply, then the choices numbered. */
export function textWithButtonList(text: string, buttons: ReplyButton[]): string {
  const list = buttons.map((button, index) => `${index + 1}. ${button.title}`).join('\n');
  return text ? `${text}\n\n${list}` : list;
}
