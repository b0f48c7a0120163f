// What connecting each kind of channel asks for: its settings and credentials as the platform names
// them, where in the platform's console each one is found, and how its webhook is set up. The server
// checks the same fields (src/modules/channels/webhooks/channel-settings.ts, email/email-settings.ts).

export type FieldSpec = {
  key: string;
  label: string;
  /** Where in the platform's console to find it */
  help: string;
  kind: 'text' | 'number' | 'boolean';
  required?: boolean;
  placeholder?: string;
  defaultValue?: string | number | boolean;
  /** A value we make up for the person to paste into the platform (verify tokens, secret tokens) */
  generated?: boolean;
};

export type PlatformSpec = {
  type: 'whatsapp' | 'messenger' | 'instagram' | 'x' | 'telegram' | 'email';
  label: string;
  intro: string;
  config: FieldSpec[];
  credentials: FieldSpec[];
  /** The platform's access tokens expire (Meta's user and page tokens) */
  tokenExpires: boolean;
  /** Where the webhook is entered, step by step; `secret` is the generated verify/secret token when known */
  webhookSteps: ((url: string, secret: string | null) => string)[];
};

/** Meta's Human Agent permission (App Review): agents may answer for 7 days instead of 24 hours. */
const humanAgent: FieldSpec = {
  key: 'humanAgent',
  label: 'Human Agent permission',
  help: "On once Meta approved the app's Human Agent permission: agents' replies then go out for 7 days after the customer's last message (tagged HUMAN_AGENT), not 24 hours. Automatic messages keep the 24 hours.",
  kind: 'boolean',
};

const apiBaseUrl: FieldSpec = {
  key: 'apiBaseUrl',
  label: 'API base URL',
  help: "Leave empty to use the platform's own API; set it only to go through a proxy or a test server.",
  kind: 'text',
  placeholder: 'https://…',
};

const metaAppSecret: FieldSpec = { key: 'appSecret', label: 'App secret', help: 'Meta App Dashboard → App settings → Basic → App secret (“Show”). Verifies that webhooks come from Meta.', kind: 'text', required: true };
const metaVerifyToken: FieldSpec = {
  key: 'verifyToken',
  label: 'Verify token',
  help: 'Any phrase you choose (one is made up for you). Paste the same one into the webhook settings of your Meta app.',
  kind: 'text',
  required: true,
  generated: true,
};
const metaWebhookSteps = (product: string, fields: string): PlatformSpec['webhookSteps'] => [
  (url) => `In the Meta App Dashboard open ${product} → Configuration (Webhooks) and set the Callback URL to ${url}`,
  (_url, secret) => `Set the Verify token to ${secret ? `“${secret}”` : 'the one stored with this channel (replace it below to see a new one)'} and press “Verify and save”: Meta checks it against Parley at once.`,
  () => `Subscribe to the webhook fields ${fields}.`,
];

export const platforms: PlatformSpec[] = [
  {
    type: 'whatsapp',
    label: 'WhatsApp',
    intro: 'A WhatsApp Business number through the WhatsApp Cloud API.',
    config: [
      { key: 'phoneNumberId', label: 'Phone number ID', help: 'Meta App Dashboard → WhatsApp → API Setup, under the sending number (not the phone number itself).', kind: 'text', required: true },
      { key: 'businessAccountId', label: 'WhatsApp Business Account ID', help: 'Same page: “WhatsApp Business Account ID”. Used for message templates.', kind: 'text' },
      apiBaseUrl,
    ],
    credentials: [
      { key: 'accessToken', label: 'Access token', help: 'Business Settings → Users → System users → Generate new token (whatsapp_business_messaging). A system user token does not expire; a temporary one from API Setup lasts 24 hours.', kind: 'text', required: true },
      metaAppSecret,
      metaVerifyToken,
    ],
    tokenExpires: true,
    webhookSteps: metaWebhookSteps('WhatsApp', 'messages'),
  },
  {
    type: 'messenger',
    label: 'Messenger',
    intro: 'A Facebook Page’s conversations through the Messenger Platform.',
    config: [{ key: 'pageId', label: 'Page ID', help: 'Your Facebook Page → About → Page transparency, or Meta Business Suite → Settings → Page info.', kind: 'text', required: true }, humanAgent, apiBaseUrl],
    credentials: [
      { key: 'accessToken', label: 'Page access token', help: 'Meta App Dashboard → Messenger → Messenger API Settings → Generate access tokens, for the Page. Long-lived user-derived tokens expire after about 60 days.', kind: 'text', required: true },
      metaAppSecret,
      metaVerifyToken,
    ],
    tokenExpires: true,
    webhookSteps: metaWebhookSteps('Messenger', 'messages, messaging_postbacks, message_reactions, message_reads'),
  },
  {
    type: 'instagram',
    label: 'Instagram',
    intro: 'An Instagram professional account’s direct messages.',
    config: [{ key: 'accountId', label: 'Instagram account ID', help: 'Meta App Dashboard → Instagram → API setup with Instagram business login: the ID shown beside the connected account.', kind: 'text', required: true }, humanAgent, apiBaseUrl],
    credentials: [
      { key: 'accessToken', label: 'Access token', help: 'Same page → Generate token for the account. Long-lived tokens expire after 60 days.', kind: 'text', required: true },
      metaAppSecret,
      metaVerifyToken,
    ],
    tokenExpires: true,
    webhookSteps: metaWebhookSteps('Instagram', 'messages, messaging_postbacks, message_reactions'),
  },
  {
    type: 'x',
    label: 'X',
    intro: 'Direct messages of an X account through the Account Activity API.',
    config: [{ key: 'userId', label: 'Account user ID', help: 'The numeric ID of the X account (developer portal → your app → Keys and tokens shows it beside the access token, as the part before the dash).', kind: 'text', required: true }, apiBaseUrl],
    credentials: [
      { key: 'consumerKey', label: 'API key (consumer key)', help: 'developer.x.com → Projects & Apps → your app → Keys and tokens → Consumer Keys.', kind: 'text', required: true },
      { key: 'consumerSecret', label: 'API key secret (consumer secret)', help: 'Same place. Also answers X’s CRC checks of the webhook.', kind: 'text', required: true },
      { key: 'accessToken', label: 'Access token', help: 'Keys and tokens → Authentication Tokens → Access Token and Secret (read, write and direct messages).', kind: 'text', required: true },
      { key: 'accessTokenSecret', label: 'Access token secret', help: 'Shown with the access token.', kind: 'text', required: true },
      { key: 'bearerToken', label: 'Bearer token', help: 'Keys and tokens → Bearer Token; used to register the webhook.', kind: 'text' },
    ],
    tokenExpires: false,
    webhookSteps: [
      (url) => `Register ${url} as your app’s webhook (Account Activity API: POST /2/webhooks with this url, using the bearer token).`,
      () => 'X checks it with a CRC request at once, signed with the API key secret; then subscribe the account to the webhook.',
    ],
  },
  {
    type: 'telegram',
    label: 'Telegram',
    intro: 'A Telegram bot’s private chats.',
    config: [{ key: 'botUsername', label: 'Bot username', help: 'The @username you gave @BotFather with /newbot.', kind: 'text', placeholder: 'acme_support_bot' }, apiBaseUrl],
    credentials: [
      { key: 'botToken', label: 'Bot token', help: '@BotFather → /mybots → your bot → API Token (looks like 123456:ABC-DEF…).', kind: 'text', required: true },
      {
        key: 'secretToken',
        label: 'Webhook secret token',
        help: 'Made up for you; Telegram sends it with each update to prove it is Telegram.',
        kind: 'text',
        required: true,
        generated: true,
      },
    ],
    tokenExpires: false,
    webhookSteps: [
      (url, secret) => `Point the bot at Parley by opening https://api.telegram.org/bot<bot token>/setWebhook?url=${encodeURIComponent(url)}&secret_token=${secret ?? '<webhook secret token>'}`,
      () => 'Telegram answers {"ok":true}; send the bot a message and this channel shows the webhook as verified.',
    ],
  },
  {
    type: 'email',
    label: 'Email',
    intro: 'A support mailbox: Parley reads it over IMAP and answers over SMTP.',
    config: [
      { key: 'fromAddress', label: 'Address customers write to', help: 'Replies are sent from it.', kind: 'text', required: true, placeholder: 'support@example.com' },
      { key: 'fromName', label: 'Sender name', help: 'Shown to customers beside the address.', kind: 'text', placeholder: 'Acme Support' },
      { key: 'imapHost', label: 'IMAP server', help: 'Your mail provider’s incoming server (Gmail: imap.gmail.com).', kind: 'text', required: true },
      { key: 'imapPort', label: 'IMAP port', help: '993 with TLS.', kind: 'number', defaultValue: 993 },
      { key: 'imapSecure', label: 'IMAP over TLS', help: 'Off: plain or STARTTLS.', kind: 'boolean', defaultValue: true },
      { key: 'imapUser', label: 'IMAP user name', help: 'Usually the full address.', kind: 'text', required: true },
      { key: 'mailbox', label: 'Folder', help: 'The folder to read.', kind: 'text', defaultValue: 'INBOX' },
      { key: 'smtpHost', label: 'SMTP server', help: 'Your provider’s outgoing server (Gmail: smtp.gmail.com).', kind: 'text', required: true },
      { key: 'smtpPort', label: 'SMTP port', help: '465 with TLS, 587 with STARTTLS.', kind: 'number', defaultValue: 465 },
      { key: 'smtpSecure', label: 'SMTP over TLS', help: 'Off for port 587 (STARTTLS).', kind: 'boolean', defaultValue: true },
      { key: 'smtpUser', label: 'SMTP user name', help: 'Empty: the IMAP user name.', kind: 'text' },
    ],
    credentials: [
      { key: 'imapPassword', label: 'IMAP password', help: 'An app password where the provider offers them (Google Account → Security → App passwords).', kind: 'text', required: true },
      { key: 'smtpPassword', label: 'SMTP password', help: 'Empty: the IMAP password.', kind: 'text' },
    ],
    tokenExpires: false,
    webhookSteps: [],
  },
];

export const platformOf = (type: string) => platforms.find((platform) => platform.type === type) ?? null;

/** A random token of URL-safe characters, accepted by Meta's verify token and Telegram's secret token alike. */
export function generateToken(length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
