// The product's fixed vocabularies, shared by the server (database, validation, permissions) and the
// web app (selects, labels, gating). No imports, so both sides can load it as it is.

export const workspaceRoles = ['owner', 'admin', 'manager', 'agent', 'analyst', 'viewer'] as const;

export const permissions = [
  'workspace.read',
  'workspace.update',
  'members.read',
  'members.manage',
  'teams.read',
  'teams.manage',
  'invitations.manage',
  'api_keys.manage',
  'audit.read',
  'contacts.read',
  'contacts.manage',
  'contacts.import',
  'contacts.export',
  'contacts.erase',
  'custom_fields.manage',
  'segments.manage',
  'activities.manage',
  'deals.read',
  'deals.manage',
  'pipelines.manage',
  'reports.read',
  'listening.read',
  'listening.manage',
  'listening.correct',
  'listening.ingest',
  'inbox.read',
  'inbox.reply',
  'inbox.note',
  'inbox.manage',
  'channels.manage',
] as const;

export const lifecycleStages = ['subscriber', 'lead', 'qualified', 'opportunity', 'customer', 'advocate', 'churned'] as const;

/** Where a contact or deal came from; channel, mention, conversation and community_thread count as "social" in reports. */
export const acquisitionSources = ['channel', 'mention', 'conversation', 'community_thread', 'campaign', 'referral', 'import', 'manual', 'other'] as const;

export const customFieldTypes = ['text', 'number', 'date', 'boolean', 'select', 'multiselect', 'url'] as const;
export const customFieldEntities = ['contact', 'company', 'deal'] as const;

export const identityChannels = [
  'email',
  'phone',
  'twitter',
  'facebook',
  'instagram',
  'whatsapp',
  'telegram',
  'mastodon',
  'bluesky',
  'reddit',
  'youtube',
  'linkedin',
  'community',
  'webchat',
] as const;

export const interactionKinds = [
  'mention',
  'message',
  'note',
  'call',
  'email',
  'deal_change',
  'order',
  'shipping_update',
  'community_post',
  'loyalty_event',
  'campaign_touch',
  'task',
  'identity',
  'lifecycle_change',
] as const;

/** What a listening topic follows; topics group the queries that find its mentions. */
export const topicKinds = ['brand', 'competitor', 'product', 'campaign', 'industry', 'other'] as const;
export const sentimentLabels = ['negative', 'neutral', 'positive'] as const;
export const relevanceLabels = ['relevant', 'irrelevant'] as const;
/** Who set a mention's label: the lexicon, the workspace's learned model, or a person. */
export const labelSources = ['machine', 'model', 'person'] as const;
/** Where listening posts come from: one configured source of a workspace is one of these. */
export const sourceTypes = ['rss', 'mastodon', 'bluesky', 'reddit', 'x', 'youtube', 'generic'] as const;
/**
 * A source's health as the user sees it. needs_reconnect and misconfigured stop it until the user
 * changes its credentials or configuration; paused is a disabled source; new has not run yet.
 */
export const sourceHealthStates = ['ok', 'retrying', 'rate_limited', 'needs_reconnect', 'needs_resync', 'misconfigured', 'paused', 'new'] as const;
/** The kinds of failure a source driver reports (SourceError) */
export const sourceErrorKinds = ['temporary', 'rate_limited', 'credentials', 'cursor', 'config'] as const;

export const contactSorts = ['name', 'createdAt', 'influenceScore', 'followersTotal', 'lastInteractionAt'] as const;

/** The contact filter (segments, lists, exports): its operators and its tree of conditions. */
export const filterOperators = [
  'eq', 'neq', 'contains', 'starts_with', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte',
  'before', 'after', 'within_days', 'has', 'has_any', 'has_none', 'is_empty', 'is_not_empty',
] as const;
export type FilterOperator = (typeof filterOperators)[number];
export type FilterCondition = { field: string; op: FilterOperator; value?: unknown };
export type FilterGroup = { match: 'all' | 'any'; conditions: (FilterCondition | FilterGroup)[] };

// --- inbox ---

/** A channel account conversations arrive on; the messaging platforms plug in as drivers of the same interface. */
export const channelTypes = ['webchat', 'listening', 'whatsapp', 'messenger', 'instagram', 'x', 'telegram', 'email'] as const;
/** open: someone must act; pending: waiting on the customer; snoozed: hidden until `snoozedUntil`; resolved: done. */
export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const conversationPriorities = ['low', 'normal', 'high', 'urgent'] as const;
/** Public: a comment or mention thread others can read; private: a direct message. */
export const conversationVisibilities = ['public', 'private'] as const;
export const messageDirections = ['inbound', 'outbound'] as const;
/** message: to or from the customer; note: internal, never sent. */
export const messageKinds = ['message', 'note'] as const;
/** Outbound messages move queued → sending → sent → delivered → read, or end failed (with a retry button). */
export const messageStatuses = ['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed'] as const;
export const assignmentMethods = ['manual', 'round_robin', 'capacity'] as const;
export const agentAvailabilities = ['online', 'away', 'offline'] as const;
export const slaTargets = ['first_response', 'next_response', 'resolution'] as const;
