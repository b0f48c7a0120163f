import { ActionIcon, Avatar, Button, Group, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconNote, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { EmptyState } from '../../ui/empty-state';
import { QueryError } from '../../ui/query-error';
import { RelativeTime } from '../../ui/relative-time';
import { useMe } from '../accounts/hooks';
import { useMemberOptions } from '../members/hooks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import type { ActivityTarget, Note } from './api';
import { useCreateNote, useDeleteNote, useNotes, useUpdateNote } from './hooks';
import { MentionTextarea } from './mention-textarea';
import { NoteBody } from './note-body';
import { useActivityPermissions } from './permissions';

/** Notes on a contact (or a deal): newest first, with a composer that supports @mentions. */
export function ContactNotes({ contactId, dealId }: ActivityTarget) {
  const target: ActivityTarget = contactId ? { contactId } : { dealId };
  const notes = useNotes(target);
  const { canManage } = useActivityPermissions();

  return (
    <Stack gap="sm">
      {canManage && <NoteComposer target={target} />}
      {notes.isLoading && <Skeleton h={72} radius="md" />}
      {notes.error && <QueryError error={notes.error} onRetry={() => void notes.refetch()} />}
      {notes.data && notes.data.data.length === 0 && (
        <EmptyState icon={<IconNote size={22} />} title="No notes yet" description="Notes keep what the team learns. Type @ to bring someone in." />
      )}
      {notes.data?.data.map((note) => <NoteCard key={note.id} note={note} />)}
    </Stack>
  );
}

function NoteComposer({ target }: { target: ActivityTarget }) {
  const [body, setBody] = useState('');
  const create = useCreateNote();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    create.mutate({ ...target, body }, { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <MentionTextarea
          aria-label="New note"
          placeholder="Write a note… type @ to mention someone"
          autosize
          minRows={2}
          maxRows={10}
          value={body}
          onChange={setBody}
          error={create.error ? errorMessage(create.error) : undefined}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={create.isPending} disabled={!body.trim()}>
            Add note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function useMyMemberId(): string | null {
  const me = useMe();
  const members = useMemberOptions();
  return members.data?.find((member) => member.userId === me.data?.user.id)?.id ?? null;
}

function NoteCard({ note }: { note: Note }) {
  const { workspace } = useCurrentWorkspace();
  const { canManage } = useActivityPermissions();
  const myMemberId = useMyMemberId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const update = useUpdateNote();
  const remove = useDeleteNote();
  const isAdmin = workspace.role === 'owner' || workspace.role === 'admin';
  const mayEdit = canManage && (isAdmin || (myMemberId !== null && note.authorMemberId === myMemberId));
  const edited = note.updatedAt !== note.createdAt;

  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ noteId: note.id, body: draft }, { onSuccess: () => setEditing(false) });
  };

  return (
    <Paper withBorder radius="md" p="sm">
      <Group justify="space-between" wrap="nowrap" mb={6} gap="xs">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar name={note.authorName ?? 'API'} color="initials" size={24} />
          <Text size="sm" fw={600} truncate>
            {note.authorName ?? 'API key'}
          </Text>
          <RelativeTime value={note.createdAt} size="xs" />
          {edited && (
            <Text size="xs" c="dimmed">
              (edited)
            </Text>
          )}
        </Group>
        {mayEdit && !editing && (
          <Group gap={4} wrap="nowrap">
            <Tooltip label="Edit note">
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Edit note" onClick={() => { setDraft(note.body); setEditing(true); }}>
                <IconPencil size={15} />
              </ActionIcon>
            </Tooltip>
            <ConfirmActionButton
              icon={<IconTrash size={15} />}
              tooltip="Delete note"
              title="Delete this note?"
              confirmLabel="Delete note"
              onConfirm={() => remove.mutateAsync(note.id)}
              onCancel={() => remove.reset()}
              pending={remove.isPending}
              error={remove.error ? errorMessage(remove.error) : null}
              variant="subtle"
              size="sm"
            >
              The note disappears for everyone. Its entry on the timeline stays.
            </ConfirmActionButton>
          </Group>
        )}
      </Group>
      {editing ? (
        <form onSubmit={save}>
          <Stack gap="xs">
            <MentionTextarea aria-label="Edit note" autosize minRows={2} maxRows={10} value={draft} onChange={setDraft} error={update.error ? errorMessage(update.error) : undefined} />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" loading={update.isPending} disabled={!draft.trim()}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <NoteBody body={note.body} />
      )}
    </Paper>
  );
}
