// Synchronizing a WhatsApp channel's message templates from its business account:
// GET /{version}/{waba-id}/message_templates, page after page (paging.cursors.after while there is a
// paging.next), stored whole — templates Meta no longer lists are removed, so the composer offers
// only what can be sent. Meta's reviews arrive by webhook in between (applyTemplateStatus).
import type { Database } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import type { InboundTemplateStatus } from '../inbound.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { AppError, notFound } from '../../../server/errors.js';
import type { WhatsAppTemplateComponent } from '../../../db/schema.js';
import { ChannelSendError } from '../driver.js';
import * as channelRepo from '../repository.js';
import { openChannelCredentials } from '../settings.js';
import { defaultGraphHttp, graphFailure, graphRequest, graphUrl, readGraphError, whatsAppSettings, type GraphHttp } from './graph.js';
import * as repo from './repository.js';

const PAGE_SIZE = 100;
/** A business account has at most a few hundred templates; more pages than this is a paging loop */
const MAX_PAGES = 100;

/** The WhatsApp channel of this workspace, or the same 404 as a missing one. */
export async function whatsAppChannel(ctx: Pick<CommandContext, 'db' | 'workspace'>, channelId: string): Promise<channelRepo.ChannelRow> {
  const channel = await channelRepo.findChannel(ctx.db, ctx.workspace.workspaceId, channelId);
  if (!channel || channel.type !== 'whatsapp') throw notFound('channel', channelId);
  return channel;
}

/** A refused Graph call as the API's error: the caller sees what to fix, or that it should try later. */
function asAppError(error: ChannelSendError): AppError {
  if (error.kind === 'credentials') return new AppError('whatsapp.credentials', 422, error.message);
  if (error.kind === 'rate_limited') return new AppError('whatsapp.rate_limited', 429, error.message, { retryAfterMs: error.retryAfterMs ?? null });
  if (error.kind === 'temporary') return new AppError('whatsapp.unavailable', 503, error.message);
  return new AppError('whatsapp.refused', 422, error.message);
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value.trim() : fallback);

function toTemplate(entry: Record<string, unknown>): repo.SyncedTemplate | null {
  if (typeof entry.name !== 'string' || typeof entry.language !== 'string') return null;
  const components = Array.isArray(entry.components) ? entry.components.filter((component): component is WhatsAppTemplateComponent => typeof component === 'object' && component !== null && typeof (component as { type?: unknown }).type === 'string') : [];
  return {
    externalId: typeof entry.id === 'string' ? entry.id : null,
    name: entry.name,
    language: entry.language,
    category: text(entry.category, 'UTILITY').toUpperCase(),
    status: text(entry.status, 'PENDING').toUpperCase(),
    parameterFormat: text(entry.parameter_format, 'POSITIONAL').toUpperCase(),
    components,
  };
}

export async function syncWhatsAppTemplates(ctx: CommandContext, secrets: SecretBox, channelId: string, http: GraphHttp = defaultGraphHttp()): Promise<{ stored: number; removed: number }> {
  const channel = await whatsAppChannel(ctx, channelId);
  const settings = whatsAppSettings({ config: channel.config, credentials: openChannelCredentials(secrets, channel.credentials) });
  if (!settings.businessAccountId) throw new AppError('whatsapp.not_configured', 422, "Add the WhatsApp Business Account id (businessAccountId) to the channel's settings to sync its templates.", { field: 'config.businessAccountId' });
  if (!settings.accessToken) throw new AppError('whatsapp.not_configured', 422, "Add an access token to the channel's credentials to sync its templates.", { field: 'credentials.accessToken' });

  const templates: repo.SyncedTemplate[] = [];
  let after: string | null = null;
  for (let pageNumber = 0; ; pageNumber++) {
    if (pageNumber >= MAX_PAGES) throw new AppError('whatsapp.unavailable', 503, `The template list did not end after ${MAX_PAGES} pages; try again later.`);
    const url = graphUrl(settings, `${settings.businessAccountId}/message_templates`);
    url.searchParams.set('fields', 'id,name,language,status,category,parameter_format,components');
    url.searchParams.set('limit', String(PAGE_SIZE));
    if (after) url.searchParams.set('after', after);
    let body: { data?: unknown; paging?: { next?: unknown; cursors?: { after?: unknown } } };
    try {
      const response = await graphRequest(http, url, { headers: { authorization: `Bearer ${settings.accessToken}` } });
      if (!response.ok) throw graphFailure(await readGraphError(response), http, response.headers);
      body = (await response.json().catch(() => ({}))) as typeof body;
    } catch (error) {
      if (error instanceof ChannelSendError) throw asAppError(error);
      throw error;
    }
    for (const entry of Array.isArray(body.data) ? body.data : []) {
      const template = typeof entry === 'object' && entry !== null ? toTemplate(entry as Record<string, unknown>) : null;
      if (template) templates.push(template);
    }
    const next = body.paging?.cursors?.after;
    if (!body.paging?.next || typeof next !== 'string' || !next || next === after) break;
    after = next;
  }
  return ctx.db.transaction((tx) => repo.replaceTemplates(tx, ctx.workspace.workspaceId, channel.id, templates, new Date()));
}

/**
 * Meta's review of a template, from the `message_template_status_update` webhook: the stored template
 * takes its new status at once (an approved one appears in the composer, a paused or rejected one
 * leaves it), and the workspace hears of it. A template not stored yet comes with the next sync.
 */
export async function applyTemplateStatus(db: Database, target: { workspaceId: string; channelId: string }, event: InboundTemplateStatus): Promise<void> {
  await db.transaction(async (tx) => {
    const stored = await repo.setTemplateStatus(tx, target, { externalId: event.templateExternalId, name: event.name, language: event.language, status: event.status }, event.occurredAt);
    if (!stored) return;
    await emitEvent(tx, target.workspaceId, 'whatsapp_template.updated', { channelId: target.channelId, name: event.name, language: event.language, status: event.status, reason: event.reason });
  });
}
