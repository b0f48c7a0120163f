// The web chat's channel driver: an agent's message goes to the visitor's open widget through
// PostgreSQL NOTIFY, to whichever web process holds its socket. 'delivered' when a socket took it;
// 'sent' when none is open — the widget shows it from history when the visitor comes back.
import { ChannelSendError, type ChannelDriver } from '../driver.js';
import { registerChannelDriver } from '../registry.js';
import { visitorOfThread } from './protocol.js';
import { publishAndAwaitDelivery } from './webchat-bus.js';

export const webchatDriver: ChannelDriver = {
  type: 'webchat',
  cannotReply(_context, message) {
    return visitorOfThread(message.externalThreadId) ? null : 'This conversation did not come from a web chat visitor.';
  },
  async send(context, message) {
    const visitorId = visitorOfThread(message.externalThreadId);
    if (!visitorId) throw new ChannelSendError('permanent', 'This conversation did not come from a web chat visitor.');
    try {
      const delivered = await publishAndAwaitDelivery(context.db.$client, { kind: 'message', visitorId, messageId: message.messageId });
      return { externalId: null, status: delivered ? 'delivered' : 'sent' };
    } catch (error) {
      throw new ChannelSendError('temporary', `The database did not take the message for the chat: ${(error as Error).message}`);
    }
  },
};

registerChannelDriver(webchatDriver);
