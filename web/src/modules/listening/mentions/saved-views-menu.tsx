// Saved views: apply one, save the current filters as a new one (private or shared with the
// workspace), share, unshare or delete your own.
import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconChevronDown, IconShare, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import type { MentionFilters, SavedView } from './api';
import { sameFilters } from './filters';
import { useDeleteView, useSaveView, useSavedViews } from './hooks';

export function SavedViewsMenu({ filters, onApply }: { filters: MentionFilters; onApply: (view: SavedView) => void }) {
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const current = views.data?.find((view) => sameFilters(view.filters, filters));
  const mine = (views.data ?? []).filter((view) => view.mine);
  const theirs = (views.data ?? []).filter((view) => !view.mine);
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });

  const item = (view: SavedView) => (
    <Menu.Item
      key={view.id}
      onClick={() => onApply(view)}
      leftSection={view.shared ? <IconUsers size={14} /> : <IconBookmark size={14} />}
      rightSection={
        view.mine && (
          <Group gap={2} wrap="nowrap" onClick={(event) => event.stopPropagation()}>
            <Tooltip label={view.shared ? 'Stop sharing' : 'Share with the workspace'} withArrow>
              <ActionIcon size="sm" variant="subtle" color={view.shared ? 'blue' : 'gray'} aria-label={view.shared ? `Stop sharing ${view.name}` : `Share ${view.name}`} onClick={() => save.mutate({ viewId: view.id, name: view.name, filters: view.filters, shared: !view.shared }, { onError })}>
                <IconShare size={14} />
              </ActionIcon>
            </Tooltip>
            <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Delete ${view.name}`} onClick={() => remove.mutate(view.id, { onError })}>
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        )
      }
    >
      <Text size="sm" fw={current?.id === view.id ? 700 : 400}>
        {view.name}
      </Text>
    </Menu.Item>
  );

  return (
    <>
      <Menu position="bottom-end" width={300} closeOnItemClick>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />} rightSection={<IconChevronDown size={14} />}>
            {current ? current.name : 'Views'}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {mine.length > 0 && <Menu.Label>My views</Menu.Label>}
          {mine.map(item)}
          {theirs.length > 0 && <Menu.Label>Shared in the workspace</Menu.Label>}
          {theirs.map(item)}
          {(views.data ?? []).length === 0 && <Menu.Label>No saved view yet</Menu.Label>}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconBookmark size={14} />}
            onClick={() => {
              setName('');
              setShared(false);
              setSaving(true);
            }}
          >
            Save the current filters as a view…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title="Save view">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(
              { name: name.trim(), filters, shared },
              {
                onSuccess: () => {
                  setSaving(false);
                  notifications.show({ color: 'teal', message: `View “${name.trim()}” saved.` });
                },
                onError,
              },
            );
          }}
        >
          <Stack gap="md">
            <TextInput label="Name" placeholder="e.g. Angry influencers this week" value={name} onChange={(event) => setName(event.currentTarget.value)} required data-autofocus maxLength={120} />
            <Checkbox label="Share with everyone in the workspace" checked={shared} onChange={(event) => setShared(event.currentTarget.checked)} />
            <Text size="xs" c="dimmed">
              {Object.keys(filters).length === 0 ? 'No filter is set: the view will show every mention.' : `${Object.keys(filters).length} filter${Object.keys(filters).length === 1 ? '' : 's'} will be saved.`}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
