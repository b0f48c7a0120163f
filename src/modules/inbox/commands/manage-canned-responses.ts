// Canned responses: saved replies agents insert with "/shortcut". Their variables are checked when
// saved (so a typo is caught by whoever writes the response, not by the customer who receives
// "Hi {{contact.frist_name}}"), and filled from the conversation when an agent uses one.
import type { Executor } from '../../../db/client.js';
import { isUniqueViolation } from '../../../db/errors.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { findContact } from '../../contacts/commands/get-contact.js';
import { listCustomFields } from '../../contacts/custom-fields.js';
import * as repo from '../tools/repository.js';
import type { CannedResponseInput } from '../tools/schema.js';
import { checkTemplate, CUSTOM_PREFIX, renderTemplate, templateVariables, type TemplateProblem, type TemplateValues } from '../tools/template.js';

const audited = (row: repo.CannedResponseRow) => ({ name: row.name, shortcut: row.shortcut, body: row.body, teamId: row.teamId });

async function contactCustomFields(db: Executor, workspaceId: string) {
  return listCustomFields(db, workspaceId, 'contact');
}

function invalidTemplate(problems: TemplateProblem[]): AppError {
  const first = problems[0]!;
  return new AppError(
    'canned_response.unknown_variable',
    400,
    `${first.message} (line ${first.line}, column ${first.column}). ${first.hint}${problems.length > 1 ? ` (${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}`,
    {
      fields: problems.map((problem) => ({ in: 'body', path: 'body', message: `${problem.message} at line ${problem.line}, column ${problem.column}: ${problem.hint}` })),
      problems,
    },
  );
}

async function checkInput(db: Executor, workspaceId: string, input: Partial<CannedResponseInput>): Promise<void> {
  if (input.teamId && !(await repo.teamExists(db, workspaceId, input.teamId))) {
    throw new AppError('request.invalid', 400, `teamId: no team ${input.teamId} in this workspace.`, { fields: [{ in: 'body', path: 'teamId', message: 'is not a team of this workspace' }] });
  }
  if (input.body !== undefined) {
    const keys = (await contactCustomFields(db, workspaceId)).map((field) => field.key);
    const problems = checkTemplate(input.body, keys);
    if (problems.length > 0) throw invalidTemplate(problems);
  }
}

const shortcutTaken = (shortcut: string) =>
  new AppError('canned_response.shortcut_taken', 409, `The shortcut /${shortcut} is already used by another canned response; choose another.`, {
    fields: [{ in: 'body', path: 'shortcut', message: 'is already used' }],
  });

export async function createCannedResponse(ctx: CommandContext, input: CannedResponseInput): Promise<repo.CannedResponseRow> {
  const workspaceId = ctx.workspace.workspaceId;
  await checkInput(ctx.db, workspaceId, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.insertCannedResponse(tx, {
        id: newId('canned'),
        workspaceId,
        name: input.name,
        shortcut: input.shortcut,
        body: input.body,
        teamId: input.teamId ?? null,
        createdByMemberId: ctx.workspace.memberId,
      });
      await recordAuditEvent(tx, ctx, { action: 'canned_response.created', entityType: 'canned_response', entityId: row.id, after: audited(row) });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw shortcutTaken(input.shortcut);
    throw error;
  }
}

export async function updateCannedResponse(ctx: CommandContext, id: string, patch: Partial<CannedResponseInput>): Promise<repo.CannedResponseRow> {
  const workspaceId = ctx.workspace.workspaceId;
  const before = await repo.findCannedResponse(ctx.db, workspaceId, id);
  if (!before) throw notFound('canned_response', id);
  await checkInput(ctx.db, workspaceId, patch);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.updateCannedResponse(tx, workspaceId, id, patch);
      if (!row) throw notFound('canned_response', id);
      await recordAuditEvent(tx, ctx, { action: 'canned_response.updated', entityType: 'canned_response', entityId: id, before: audited(before), after: audited(row) });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw shortcutTaken(patch.shortcut ?? before.shortcut);
    throw error;
  }
}

export async function deleteCannedResponse(ctx: CommandContext, id: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findCannedResponse(tx, workspaceId, id);
    if (!before || !(await repo.deleteCannedResponse(tx, workspaceId, id))) throw notFound('canned_response', id);
    await recordAuditEvent(tx, ctx, { action: 'canned_response.deleted', entityType: 'canned_response', entityId: id, before: audited(before) });
  });
}

/** What the variables stand for in a conversation (its contact, the acting agent, the workspace). */
async function valuesFor(db: Executor, ctx: CommandContext, conversationId: string | null): Promise<TemplateValues & { found: boolean }> {
  const workspaceId = ctx.workspace.workspaceId;
  const context = (await repo.findRenderContext(db, workspaceId, conversationId, ctx.workspace.memberId))!;
  const contact = context.contactId ? await findContact(db, workspaceId, context.contactId) : undefined;
  return {
    found: conversationId === null || context.conversationId !== null,
    contact: contact
      ? { name: contact.name, firstName: contact.firstName, lastName: contact.lastName, email: contact.email, phone: contact.phone, custom: contact.customFields }
      : null,
    // An API key has no name a customer should read; its label stands in.
    agent: { name: context.agentName ?? ctx.actor.label },
    conversationId: context.conversationId,
    workspaceName: context.workspaceName,
  };
}

/** The canned response's text for one conversation; counts as a use. */
export async function renderCannedResponse(ctx: CommandContext, id: string, conversationId: string): Promise<string> {
  const workspaceId = ctx.workspace.workspaceId;
  const response = await repo.findCannedResponse(ctx.db, workspaceId, id);
  if (!response) throw notFound('canned_response', id);
  const values = await valuesFor(ctx.db, ctx, conversationId);
  if (!values.found) throw notFound('conversation', conversationId);
  await repo.bumpCannedResponseUsage(ctx.db, workspaceId, id);
  return renderTemplate(response.body, values);
}

const sampleContact: NonNullable<TemplateValues['contact']> = {
  name: 'Jo Example',
  firstName: 'Jo',
  lastName: 'Example',
  email: 'jo@example.com',
  phone: '+1 555 0100',
  custom: {},
};

/**
 * The editor's live preview: the text rendered against a conversation's contact or a sample one,
 * the problems saving would report, and every variable the workspace offers.
 */
export async function previewCannedResponse(ctx: CommandContext, body: string, conversationId?: string) {
  const workspaceId = ctx.workspace.workspaceId;
  const fields = await contactCustomFields(ctx.db, workspaceId);
  const values = await valuesFor(ctx.db, ctx, conversationId ?? null);
  if (!values.found) throw notFound('conversation', conversationId);
  // The sample contact shows each custom field by its label, so the preview says where it goes.
  const contact = conversationId ? values.contact : { ...sampleContact, custom: Object.fromEntries(fields.map((field) => [field.key, `[${field.label}]`])) };
  return {
    text: renderTemplate(body, { ...values, contact, conversationId: values.conversationId ?? 'conv_sample' }),
    problems: checkTemplate(body, fields.map((field) => field.key)),
    variables: [
      ...templateVariables.map((variable) => ({ name: variable.name, description: variable.description })),
      ...fields.map((field) => ({ name: `${CUSTOM_PREFIX}${field.key}`, description: `Contact custom field "${field.label}"` })),
    ],
  };
}
