import { Affix, Button, Group, NativeSelect, Paper, Popover, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTag, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useMemberOptions } from '../members/hooks';
import type { BulkEdit } from './api';
import { isOneOf, LIFECYCLE_STAGES, lifecycleLabels } from './constants';
import { useBulkEditContacts } from './hooks';

const NOBODY = '__nobody__';

/** Appears while contacts are selected: owner, lifecycle stage and tags for all of them at once. */
export function BulkActionsBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const members = useMemberOptions();
  const bulk = useBulkEditContacts();
  const [tags, setTags] = useState<string[]>([]);
  const [tagsOpen, setTagsOpen] = useState(false);

  const apply = (patch: Omit<BulkEdit, 'ids'>, what: string) =>
    bulk.mutate(
      { ids, ...patch },
      {
        onSuccess: (updated) => {
          notifications.show({ color: 'teal', message: `${what} for ${updated} contact${updated === 1 ? '' : 's'}.` });
          setTags([]);
          setTagsOpen(false);
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Nothing was changed', message: errorMessage(error) }),
      },
    );

  return (
    <Affix position={{ bottom: 20, left: '50%' }} style={{ transform: 'translateX(-50%)' }} zIndex={150}>
      <Paper shadow="lg" withBorder radius="lg" px="md" py="sm" role="region" aria-label="Bulk actions">
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600} aria-live="polite">
            {ids.length} selected
          </Text>
          <NativeSelect
            aria-label="Set owner of selected contacts"
            size="xs"
            value=""
            disabled={bulk.isPending}
            data={[{ value: '', label: 'Set owner…', disabled: true }, { value: NOBODY, label: 'Nobody' }, ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))]}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (!value) return;
              const name = value === NOBODY ? 'nobody' : (members.data?.find((m) => m.id === value)?.name ?? 'the member');
              apply({ ownerMemberId: value === NOBODY ? null : value }, `Owner set to ${name}`);
            }}
          />
          <NativeSelect
            aria-label="Set lifecycle stage of selected contacts"
            size="xs"
            value=""
            disabled={bulk.isPending}
            data={[{ value: '', label: 'Set stage…', disabled: true }, ...LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: lifecycleLabels[stage] }))]}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isOneOf(LIFECYCLE_STAGES, value)) apply({ lifecycleStage: value }, `Stage set to ${lifecycleLabels[value]}`);
            }}
          />
          <Popover opened={tagsOpen} onChange={setTagsOpen} position="top" withArrow trapFocus shadow="md">
            <Popover.Target>
              <Button size="xs" variant="default" leftSection={<IconTag size={14} />} onClick={() => setTagsOpen((open) => !open)} disabled={bulk.isPending}>
                Tags…
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap="xs" w={280}>
                <TagsInput label="Tags" description="Type a tag and press Enter" value={tags} onChange={setTags} data-autofocus />
                <Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="default" disabled={tags.length === 0} loading={bulk.isPending} onClick={() => apply({ removeTags: tags }, 'Tags removed')}>
                    Remove tags
                  </Button>
                  <Button size="xs" disabled={tags.length === 0} loading={bulk.isPending} onClick={() => apply({ addTags: tags }, 'Tags added')}>
                    Add tags
                  </Button>
                </Group>
              </Stack>
            </Popover.Dropdown>
          </Popover>
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onDone}>
            Clear selection
          </Button>
        </Group>
      </Paper>
    </Affix>
  );
}
