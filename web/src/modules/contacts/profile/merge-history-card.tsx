import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { ConfirmModal } from '../../../ui/confirm-modal';
import { RelativeTime } from '../../../ui/relative-time';
import type { Merge } from '../api';
import { useMerges, useUnmerge } from '../hooks';
import { SectionCard } from './section-card';

export function MergeHistoryCard({ contactId, canManage }: { contactId: string; canManage: boolean }) {
  const merges = useMerges(contactId);
  const unmerge = useUnmerge();
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const list = merges.data ?? [];
  if (list.length === 0) return null;

  const confirm = () => {
    if (!undoing) return;
    unmerge.mutate(undoing.id, {
      onSuccess: (result) => {
        setUndoing(null);
        setRestored(result.loserId);
        notifications.show({
          color: 'teal',
          title: 'Merge undone',
          // Notifications render outside the router, so they hold text only; the profile link is in the card.
          message: 'Both contacts are back as they were.',
        });
      },
    });
  };

  return (
    <SectionCard title="Merge history">
      <Stack gap="sm">
        {restored && (
          <Text size="sm">
            Merge undone: <Anchor component={Link} to={`/contacts/${restored}`} size="sm">open the restored contact</Anchor>
          </Text>
        )}
        {list.map((merge) => {
          const fields = Object.entries(merge.fieldChoices).filter(([, side]) => side === 'loser').map(([field]) => field);
          return (
            <Stack key={merge.id} gap={4}>
              <Text size="sm">
                {merge.winnerId === contactId ? (
                  <>
                    Contact <Text span ff="monospace" size="xs">{merge.loserId}</Text> was merged into this one
                  </>
                ) : (
                  <>
                    Merged into <Anchor component={Link} to={`/contacts/${merge.winnerId}`} size="sm">another contact</Anchor>
                  </>
                )}
              </Text>
              <Group gap="xs">
                <RelativeTime value={merge.createdAt} size="xs" />
                {merge.mergedBy && <Text size="xs" c="dimmed">by {merge.mergedBy}</Text>}
                {fields.length > 0 && <Text size="xs" c="dimmed">· kept from the other: {fields.join(', ')}</Text>}
              </Group>
              {merge.unmergedAt ? (
                <Badge size="sm" variant="light" color="gray" tt="none">
                  Undone
                </Badge>
              ) : (
                canManage && (
                  <Group>
                    <Button size="xs" variant="light" color="orange" leftSection={<IconArrowBackUp size={14} />} onClick={() => setUndoing(merge)}>
                      Undo merge
                    </Button>
                  </Group>
                )
              )}
            </Stack>
          );
        })}
      </Stack>
      <ConfirmModal
        opened={undoing !== null}
        onClose={() => {
          setUndoing(null);
          unmerge.reset();
        }}
        title="Undo this merge?"
        confirmLabel="Undo merge"
        destructive={false}
        loading={unmerge.isPending}
        error={unmerge.error ? errorMessage(unmerge.error) : null}
        onConfirm={confirm}
      >
        Both contacts come back as they were before the merge, with their own identities, consents, deals, tasks and notes.
      </ConfirmModal>
    </SectionCard>
  );
}
