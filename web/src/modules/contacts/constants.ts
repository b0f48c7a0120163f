// The server's vocabularies (src/shared/vocabulary.ts) under the names the web app uses, with labels.
import {
  acquisitionSources,
  contactSorts,
  customFieldEntities,
  customFieldTypes,
  identityChannels,
  interactionKinds,
  lifecycleStages,
} from '../../../../src/shared/vocabulary';

export const LIFECYCLE_STAGES = lifecycleStages;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const lifecycleLabels: Record<LifecycleStage, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  qualified: 'Qualified',
  opportunity: 'Opportunity',
  customer: 'Customer',
  advocate: 'Advocate',
  churned: 'Churned',
};

export const lifecycleColors: Record<LifecycleStage, string> = {
  subscriber: 'gray',
  lead: 'blue',
  qualified: 'cyan',
  opportunity: 'violet',
  customer: 'teal',
  advocate: 'grape',
  churned: 'red',
};

export const ACQUISITION_SOURCES = acquisitionSources;
export type AcquisitionSource = (typeof ACQUISITION_SOURCES)[number];

export const sourceLabels: Record<AcquisitionSource, string> = {
  channel: 'Channel',
  mention: 'Mention',
  conversation: 'Conversation',
  community_thread: 'Community thread',
  campaign: 'Campaign',
  referral: 'Referral',
  import: 'Import',
  manual: 'Added by hand',
  other: 'Other',
};

export const IDENTITY_CHANNELS = identityChannels;
export type IdentityChannel = (typeof IDENTITY_CHANNELS)[number];

export const channelLabels: Record<IdentityChannel, string> = {
  email: 'Email',
  phone: 'Phone',
  twitter: 'X (Twitter)',
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  community: 'Community',
  webchat: 'Web chat',
};

export const INTERACTION_KINDS = interactionKinds;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const interactionKindLabels: Record<InteractionKind, string> = {
  mention: 'Mention',
  message: 'Message',
  note: 'Note',
  call: 'Call',
  email: 'Email',
  deal_change: 'Deal',
  order: 'Order',
  shipping_update: 'Shipping',
  community_post: 'Community post',
  loyalty_event: 'Loyalty',
  campaign_touch: 'Campaign',
  task: 'Task',
  identity: 'Identity',
  lifecycle_change: 'Lifecycle',
};

/** Kinds a person may log by hand (the server's logInteractionSchema). */
export const LOGGABLE_KINDS = ['call', 'email', 'message', 'note', 'mention', 'order', 'shipping_update', 'community_post', 'loyalty_event', 'campaign_touch'] as const satisfies readonly InteractionKind[];
export type LoggableKind = (typeof LOGGABLE_KINDS)[number];

export const CUSTOM_FIELD_TYPES = customFieldTypes;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const customFieldTypeLabels: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  select: 'Select (one option)',
  multiselect: 'Multi-select',
  url: 'Link (URL)',
};

export const CUSTOM_FIELD_ENTITIES = customFieldEntities;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

export const CONTACT_SORTS = contactSorts;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Sentiment runs from -1 to 1; a colour reads faster than a number in a dense list. */
export function sentimentColor(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'gray';
  if (value >= 0.25) return 'teal';
  if (value <= -0.25) return 'red';
  return 'yellow';
}

export function sentimentLabel(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'No sentiment yet';
  const word = value >= 0.25 ? 'Positive' : value <= -0.25 ? 'Negative' : 'Neutral';
  return `${word} (${value.toFixed(2)})`;
}

export function compactNumber(value: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
