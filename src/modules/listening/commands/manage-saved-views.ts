// Saved views of the mention explorer: a member's named filters, kept to themselves or shared with the
// workspace. Only the member who saved a view changes or deletes it; API keys have no views.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { newId } from '../../../lib/ids.js';
import * as repo from '../repository.js';

type SavedViewInput = { name: string; filters: Record<string, string>; shared?: boolean };

function memberOf(ctx: CommandContext): string {
  if (!ctx.workspace.memberId) throw new AppError('auth.person_required', 403, 'Saved views belong to a signed-in person; API keys have none.');
  return ctx.workspace.memberId;
}

async function ownView(ctx: CommandContext, viewId: string) {
  const memberId = memberOf(ctx);
  const view = await repo.findSavedView(ctx.db, ctx.workspace.workspaceId, viewId);
  // Someone else's private view answers like a missing one.
  if (!view || (view.memberId !== memberId && !view.shared)) throw notFound('saved_view', viewId);
  if (view.memberId !== memberId) throw new AppError('saved_view.not_yours', 403, 'Only the person who saved this view can change or delete it.');
  return view;
}

export async function createSavedView(ctx: CommandContext, input: SavedViewInput) {
  const memberId = memberOf(ctx);
  return repo.insertSavedView(ctx.db, { id: newId('view'), workspaceId: ctx.workspace.workspaceId, memberId, name: input.name, filters: input.filters, shared: input.shared ?? false });
}

export async function updateSavedView(ctx: CommandContext, viewId: string, patch: Partial<SavedViewInput>) {
  await ownView(ctx, viewId);
  return (await repo.updateSavedView(ctx.db, ctx.workspace.workspaceId, viewId, patch))!;
}

export async function deleteSavedView(ctx: CommandContext, viewId: string) {
  await ownView(ctx, viewId);
  await repo.deleteSavedView(ctx.db, ctx.workspace.workspaceId, viewId);
}
