import { Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowsJoin, IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import { shortDate } from '../../lib/dates';
import type { Contact } from '../contacts/api';
import { ChannelIcons } from '../contacts/channel-icon';
import { ContactAvatar, LifecycleBadge } from '../contacts/contact-bits';
import type { Duplicate } from './api';

function ContactSide({ contact }: { contact: Contact }) {
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" style={{ minWidth: 0 }}>
      <ContactAvatar name={contact.name} src={contact.avatarUrl} size={40} />
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Anchor component={Link} to={`/contacts/${contact.id}`} fw={600} size="sm" truncate="end">
          {contact.name}
        </Anchor>
        <Text size="xs" c="dimmed" truncate="end">
          {[contact.jobTitle, contact.email, contact.phone].filter(Boolean).join(' · ') || 'No title, email or phone'}
        </Text>
        <Group gap={6}>
          <LifecycleBadge stage={contact.lifecycleStage} />
          <ChannelIcons channels={contact.channels} max={4} />
        </Group>
        <Text size="xs" c="dimmed">Created {shortDate(contact.createdAt)}</Text>
      </Stack>
    </Group>
  );
}

export function scoreColor(score: number): string {
  return score >= 0.85 ? 'red' : score >= 0.7 ? 'orange' : 'yellow';
}

export function DuplicateRow({ duplicate, selected, onSelect, onDismiss, onReview, canManage, dismissing }: { duplicate: Duplicate; selected: boolean; onSelect: (on: boolean) => void; onDismiss: () => void; onReview: () => void; canManage: boolean; dismissing: boolean }) {
  const [a, b] = duplicate.contacts;
  const label = `${a.name} and ${b.name}`;
  return (
    <Paper withBorder radius="md" p="md" component="li" aria-label={`Probable duplicate: ${label}`}>
      <Group align="flex-start" gap="md" wrap="nowrap">
        {canManage && <Checkbox aria-label={`Select ${label}`} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} mt={4} />}
        <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Group gap={6} wrap="wrap">
              <Tooltip label="How likely these are the same person" withArrow>
                <Badge color={scoreColor(duplicate.score)} variant="filled" radius="sm">
                  {Math.round(duplicate.score * 100)}% match
                </Badge>
              </Tooltip>
              {duplicate.reasons.map((reason) => (
                <Badge key={reason.kind} variant="light" color="gray" tt="none" radius="sm">
                  {reason.detail}
                </Badge>
              ))}
            </Group>
            {canManage && (
              <Group gap="xs">
                <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={onDismiss} loading={dismissing} aria-label={`Dismiss ${label}`}>
                  Dismiss
                </Button>
                <Button size="xs" leftSection={<IconArrowsJoin size={14} />} onClick={onReview}>
                  Review & merge
                </Button>
              </Group>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <ContactSide contact={a} />
            <ContactSide contact={b} />
          </SimpleGrid>
        </Stack>
      </Group>
    </Paper>
  );
}
