// Instagram direct messages and comment replies, through the Graph API with the Instagram account's
// access token: a DM with the Send API on the account, a reply to a comment on the account's media with
// POST /{ig-comment-id}/replies (public, and text only).
import { registerChannelDriver } from '../registry.js';
import { createMetaDriver, type MetaProduct } from './send-meta-driver.js';

export const instagramProduct: MetaProduct = {
  type: 'instagram',
  platform: 'Instagram',
  accountKey: 'accountId',
  missingToken:
    'No access token is configured for this Instagram channel; add the access token of the Instagram professional account (with the instagram_manage_messages and instagram_manage_comments permissions) as accessToken in the channel\'s credentials to reply.',
  commentReply(commentId, message) {
    if (message.attachments.length > 0) return { refusal: 'Instagram comment replies are text only; send files in a direct message.' };
    return { path: `/${encodeURIComponent(commentId)}/replies`, body: { message: message.text } };
  },
};

export const instagramDriver = createMetaDriver(instagramProduct);
registerChannelDriver(instagramDriver);
