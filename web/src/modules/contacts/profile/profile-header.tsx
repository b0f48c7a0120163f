import { ActionIcon, Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, TagsInput, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconStar, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { useMemberOptions } from '../../members/hooks';
import type { ContactDetail, ContactInput } from '../api';
import { ContactAvatar } from '../contact-bits';
import { isOneOf, LIFECYCLE_STAGES, lifecycleLabels, sourceLabels } from '../constants';
import { useFindDuplicates, useUpdateContact } from '../hooks';
import { EditContactModal } from './edit-contact-modal';

const NOBODY = '';

export function ProfileHeader({ contact, canManage }: { contact: ContactDetail; canManage: boolean }) {
  const update = useUpdateContact(contact.id);
  const members = useMemberOptions();
  const [editing, setEditing] = useState(false);
  const findDuplicates = useFindDuplicates(contact.id);

  const save = (input: ContactInput, message: string) =>
    update.mutate(input, {
      onSuccess: () => notifications.show({ color: 'teal', message }),
      onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
    });

  const subtitle = [contact.jobTitle, contact.company?.name].filter(Boolean);

  return (
    <Paper withBorder radius="md" p="lg" mb="md">
      <Group align="flex-start" gap="lg" wrap="wrap">
        <ContactAvatar name={contact.name} src={contact.avatarUrl} size={72} />
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Title order={1} fz={24} fw={650} style={{ letterSpacing: '-0.01em' }}>
              {contact.name}
            </Title>
            <Tooltip label={contact.signals.vip ? 'VIP: click to remove' : 'Mark as VIP'} withArrow>
              <ActionIcon
                variant="subtle"
                color={contact.signals.vip ? 'yellow' : 'gray'}
                aria-label="VIP"
                aria-pressed={contact.signals.vip}
                disabled={!canManage || update.isPending}
                onClick={() => save({ vip: !contact.signals.vip }, contact.signals.vip ? 'No longer a VIP.' : 'Marked as VIP.')}
              >
                {contact.signals.vip ? <IconStarFilled size={20} /> : <IconStar size={20} />}
              </ActionIcon>
            </Tooltip>
            {canManage && (
              <Tooltip label="Edit details" withArrow>
                <ActionIcon variant="subtle" color="gray" aria-label="Edit details" onClick={() => setEditing(true)}>
                  <IconEdit size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          <Text c="dimmed" size="sm">
            {contact.jobTitle}
            {contact.jobTitle && contact.company ? ' @ ' : ''}
            {contact.company && (
              <Anchor component={Link} to={`/companies/${contact.company.id}`} size="sm">
                {contact.company.name}
              </Anchor>
            )}
            {subtitle.length === 0 && 'No title or company yet'}
          </Text>
          <Group gap="xs">
            {contact.email && <Badge variant="default" tt="none" radius="sm">{contact.email}</Badge>}
            {contact.phone && <Badge variant="default" tt="none" radius="sm">{contact.phone}</Badge>}
            {contact.location && <Badge variant="default" tt="none" radius="sm">{contact.location}</Badge>}
            <Badge variant="light" color="gray" tt="none" radius="sm">
              Source: {sourceLabels[contact.source]}
              {contact.sourceChannel ? ` (${contact.sourceChannel})` : ''}
            </Badge>
            {contact.signals.communityMember && <Badge variant="light" color="teal" tt="none" radius="sm">Community member</Badge>}
          </Group>
          <TagsInput
            aria-label="Tags"
            placeholder={canManage ? 'Add a tag and press Enter' : 'No tags'}
            value={contact.tags}
            disabled={!canManage || update.isPending}
            onChange={(tags) => save({ tags }, 'Tags saved.')}
            maw={520}
            size="xs"
          />
        </Stack>
        <Stack gap="xs" w={220}>
          <NativeSelect
            label="Lifecycle stage"
            size="xs"
            value={contact.lifecycleStage}
            disabled={!canManage || update.isPending}
            data={LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: lifecycleLabels[stage] }))}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isOneOf(LIFECYCLE_STAGES, value) && value !== contact.lifecycleStage) save({ lifecycleStage: value }, `Stage set to ${lifecycleLabels[value]}.`);
            }}
          />
          <NativeSelect
            label="Owner"
            size="xs"
            value={contact.ownerMemberId ?? NOBODY}
            disabled={!canManage || update.isPending}
            data={[{ value: NOBODY, label: 'Nobody' }, ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))]}
            onChange={(event) => {
              const value = event.currentTarget.value;
              save({ ownerMemberId: value || null }, 'Owner changed.');
            }}
          />
          {canManage && (
            <Button
              size="xs"
              variant="default"
              loading={findDuplicates.isPending}
              onClick={() =>
                findDuplicates.mutate(undefined, {
                  onSuccess: (found) =>
                    notifications.show({
                      color: found > 0 ? 'yellow' : 'teal',
                      message: found > 0 ? `${found} probable duplicate${found === 1 ? '' : 's'} found: review them in the Duplicates tab.` : 'No probable duplicate found.',
                    }),
                  onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                })
              }
            >
              Look for duplicates
            </Button>
          )}
        </Stack>
      </Group>
      {editing && <EditContactModal contact={contact} onClose={() => setEditing(false)} />}
    </Paper>
  );
}
