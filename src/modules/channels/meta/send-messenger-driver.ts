// Facebook Messenger and Page comments, answered through the Graph API with the Page access token: a
// direct message with the Send API, a comment on the Page's post with POST /{comment-id}/comments
// (a public reply, seen by everyone reading the post; Facebook allows one photo on it).
import { registerChannelDriver } from '../registry.js';
import { createMetaDriver, type MetaProduct } from './send-meta-driver.js';

function publicHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export const messengerProduct: MetaProduct = {
  type: 'messenger',
  platform: 'Messenger',
  accountKey: 'pageId',
  missingToken:
    'No access token is configured for this Messenger channel; add the Page access token (with the pages_messaging and pages_manage_engagement permissions) as accessToken in the channel\'s credentials to reply.',
  commentReply(commentId, message) {
    if (message.attachments.length > 1) return { refusal: 'A Facebook comment carries at most one photo; send the others in separate replies.' };
    const photo = message.attachments[0];
    if (photo && !photo.contentType.startsWith('image/')) return { refusal: 'A Facebook comment can carry a photo only; share other files in Messenger.' };
    // Facebook fetches the photo by URL: a file stored in Parley goes as its signed public link.
    const url = photo ? publicHttpUrl(photo.publicUrl ?? photo.url) : undefined;
    if (photo && !url) return { refusal: `Facebook fetches a comment's photo by URL, and "${photo.name}" has no public http(s) URL; set PUBLIC_URL to the address Facebook can reach Parley at.` };
    return {
      path: `/${encodeURIComponent(commentId)}/comments`,
      body: { message: message.text, ...(url ? { attachment_url: url } : {}) },
    };
  },
};

export const messengerDriver = createMetaDriver(messengerProduct);
registerChannelDriver(messengerDriver);
