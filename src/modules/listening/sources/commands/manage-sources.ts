// Creating, changing and removing a workspace's listening sources, shared by the API and `parley admin
// add-source`. Credentials are sealed before they reach the table and never come back out; a generic
// source gets a signing secret, shown once. Every change is in the audit log (without secrets).
import type { CommandContext } from '../../../../server/context.js';
import { AppError, notFound } from '../../../../server/errors.js';
import { newId } from '../../../../lib/ids.js';
import { randomToken, type SecretBox } from '../../../../lib/secrets.js';
import type { SourceHealthState } from '../../../../db/schema.js';
import { recordAuditEvent } from '../../../audit/commands/record-audit-event.js';
import { STOPPED_STATES } from '../health.js';
import * as repo from '../repository.js';
import { checkSettings, sealCredentials } from '../settings.js';

export type SourceCreateInput = { type: string; name?: string; config?: unknown; credentials?: unknown; enabled?: boolean };
export type SourcePatch = { name?: string; config?: unknown; credentials?: unknown; enabled?: boolean };

const audited = (source: repo.SourceRow) => ({ type: source.type, name: source.name, config: source.config, credentialFields: source.credentialFields, enabled: source.enabled });

const defaultName = (type: string, config: Record<string, unknown>) => {
  const where = ['url', 'hashtag', 'query', 'search', 'instance'].map((key) => config[key]).find((value) => typeof value === 'string');
  return `${type}${where ? `: ${String(where)}` : ''}`.slice(0, 200);
};

const newWebhookSecret = () => `whsec_${randomToken(32)}`;

export async function createSource(ctx: CommandContext, secrets: SecretBox, input: SourceCreateInput): Promise<{ source: repo.SourceRow; webhookSecret: string | null }> {
  const checked = checkSettings(input.type, input.config, input.credentials ?? {});
  const enabled = input.enabled ?? true;
  const webhookSecret = checked.mode === 'webhook' ? newWebhookSecret() : null;
  return ctx.db.transaction(async (tx) => {
    const source = await repo.insertSource(tx, {
      id: newId('src'),
      workspaceId: ctx.workspace.workspaceId,
      type: input.type,
      mode: checked.mode,
      name: input.name?.trim() || defaultName(input.type, checked.config),
      config: checked.config,
      ...sealCredentials(secrets, checked.credentials),
      webhookSecret: webhookSecret ? secrets.seal(webhookSecret) : null,
      enabled,
      state: enabled ? 'new' : 'paused',
      nextPollAt: enabled && checked.mode !== 'webhook' ? new Date() : null,
      createdByMemberId: ctx.workspace.memberId,
    });
    await recordAuditEvent(tx, ctx, { action: 'listening_source.created', entityType: 'listening_source', entityId: source.id, after: audited(source) });
    return { source, webhookSecret };
  });
}

export async function updateSource(ctx: CommandContext, secrets: SecretBox, sourceId: string, patch: SourcePatch): Promise<repo.SourceRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findSource(tx, workspaceId, sourceId, { forUpdate: true });
    if (!before) throw notFound('source', sourceId);
    const settingsChanged = patch.config !== undefined || patch.credentials !== undefined;
    // Credentials not given stay as they are; given ones replace them all.
    const checked = settingsChanged ? checkSettings(before.type, patch.config ?? before.config, patch.credentials) : null;
    const enabled = patch.enabled ?? before.enabled;
    const enabling = enabled && !before.enabled;
    // A stopped source starts again when what stopped it changes, or when it is enabled again.
    const restart = enabled && (enabling || (settingsChanged && STOPPED_STATES.includes(before.state)));
    const state: SourceHealthState = !enabled ? 'paused' : restart ? 'new' : before.state;
    const mode = checked?.mode ?? before.mode;
    const source = await repo.updateSourceRow(tx, workspaceId, sourceId, {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(checked ? { config: checked.config, mode } : {}),
      ...(checked && patch.credentials !== undefined ? sealCredentials(secrets, checked.credentials) : {}),
      enabled,
      state,
      ...(settingsChanged || patch.enabled !== undefined ? { revision: before.revision + 1 } : {}),
      ...(restart ? { failures: 0, nextPollAt: mode === 'webhook' ? null : new Date() } : {}),
      ...(!enabled ? { nextPollAt: null } : {}),
    });
    await recordAuditEvent(tx, ctx, { action: 'listening_source.updated', entityType: 'listening_source', entityId: sourceId, before: audited(before), after: audited(source) });
    return source;
  });
}

export async function deleteSource(ctx: CommandContext, sourceId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findSource(tx, workspaceId, sourceId, { forUpdate: true });
    if (!before) throw notFound('source', sourceId);
    await repo.deleteSourceRow(tx, workspaceId, sourceId);
    await recordAuditEvent(tx, ctx, { action: 'listening_source.deleted', entityType: 'listening_source', entityId: sourceId, before: audited(before) });
  });
}

/** A new signing secret for a generic source; the old one stops working at once. */
export async function rotateWebhookSecret(ctx: CommandContext, secrets: SecretBox, sourceId: string): Promise<{ source: repo.SourceRow; webhookSecret: string }> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findSource(tx, workspaceId, sourceId, { forUpdate: true });
    if (!before) throw notFound('source', sourceId);
    if (before.mode !== 'webhook') throw new AppError('source.no_webhook', 422, 'Only generic webhook sources have a signing secret.', { type: before.type });
    const webhookSecret = newWebhookSecret();
    const source = await repo.updateSourceRow(tx, workspaceId, sourceId, { webhookSecret: secrets.seal(webhookSecret) });
    await recordAuditEvent(tx, ctx, { action: 'listening_source.secret_rotated', entityType: 'listening_source', entityId: sourceId });
    return { source, webhookSecret };
  });
}

/** Polls a polling source now (queued), or lets a stream waiting for its backoff reconnect at once; stopped sources are tried again too. */
export async function pollSourceNow(ctx: CommandContext, sourceId: string): Promise<repo.SourceRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findSource(tx, workspaceId, sourceId, { forUpdate: true });
    if (!before) throw notFound('source', sourceId);
    if (before.mode === 'webhook') throw new AppError('source.not_pollable', 422, 'A generic webhook source is not polled: posts are pushed to it.', { type: before.type });
    if (!before.enabled) throw new AppError('source.disabled', 422, 'The source is disabled; enable it first.', {});
    const source = await repo.updateSourceRow(tx, workspaceId, sourceId, {
      nextPollAt: new Date(),
      ...(STOPPED_STATES.includes(before.state) ? { state: 'new' as const, failures: 0 } : {}),
    });
    if (before.mode === 'polling') await repo.enqueuePoll(tx, workspaceId, sourceId);
    return source;
  });
}
