import { Anchor, Box, Checkbox, Group, Loader, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { shortDate } from '../../lib/dates';
import { RelativeTime } from '../../ui/relative-time';
import type { Contact, ContactSortState } from './api';
import { ChannelIcons } from './channel-icon';
import { ContactAvatar, InfluenceMeter, LifecycleBadge, SentimentDot, VipStar } from './contact-bits';
import { compactNumber, type ContactSort } from './constants';

const ROW_HEIGHT = 57;

type ContactsTableProps = {
  contacts: Contact[];
  total: number | null;
  sort: ContactSortState;
  onSort: (sort: ContactSortState) => void;
  selected: Set<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  ownerNames: Map<string, string>;
  selectable: boolean;
};

function SortHeader({ column, label, sort, onSort, align }: { column: ContactSort; label: string; sort: ContactSortState; onSort: (sort: ContactSortState) => void; align?: 'right' }) {
  const active = sort.sort === column;
  const Icon = !active ? IconArrowsSort : sort.order === 'asc' ? IconSortAscending : IconSortDescending;
  // Names read naturally A→Z; numbers and dates are most useful biggest/newest first.
  const firstOrder = column === 'name' ? 'asc' : 'desc';
  return (
    <Table.Th aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'} style={{ textAlign: align, whiteSpace: 'nowrap' }}>
      <UnstyledButton
        onClick={() => onSort({ sort: column, order: active ? (sort.order === 'asc' ? 'desc' : 'asc') : firstOrder })}
        aria-label={`Sort by ${label}`}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' }}
      >
        {label}
        <Icon size={14} stroke={1.7} style={{ opacity: active ? 1 : 0.45 }} aria-hidden />
      </UnstyledButton>
    </Table.Th>
  );
}

/**
 * The contact list: only the rows in view are in the DOM (tens of thousands of contacts scroll
 * smoothly), and the next cursor page is fetched as the end comes into view.
 */
export function ContactsTable({ contacts, total, sort, onSort, selected, onSelect, hasNextPage, isFetchingNextPage, fetchNextPage, ownerNames, selectable }: ContactsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: contacts.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= contacts.length - 15) fetchNextPage();
  }, [lastIndex, contacts.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allSelected = contacts.length > 0 && contacts.every((contact) => selected.has(contact.id));
  const someSelected = !allSelected && contacts.some((contact) => selected.has(contact.id));
  const columns = selectable ? 10 : 9;

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Box ref={scrollRef} style={{ height: 'max(420px, calc(100dvh - 380px))', overflow: 'auto' }} tabIndex={-1}>
        <Table verticalSpacing={6} horizontalSpacing="sm" highlightOnHover aria-label="Contacts" aria-rowcount={total ?? contacts.length} style={{ minWidth: 1060 }} stickyHeader>
          <Table.Thead bg="var(--mantine-color-body)">
            <Table.Tr>
              {selectable && (
                <Table.Th w={40}>
                  <Checkbox aria-label="Select all loaded contacts" checked={allSelected} indeterminate={someSelected} onChange={(event) => onSelect(contacts.map((c) => c.id), event.currentTarget.checked)} />
                </Table.Th>
              )}
              <SortHeader column="name" label="Name" sort={sort} onSort={onSort} />
              <Table.Th>Networks</Table.Th>
              <Table.Th>Stage</Table.Th>
              <SortHeader column="influenceScore" label="Influence" sort={sort} onSort={onSort} />
              <SortHeader column="followersTotal" label="Followers" sort={sort} onSort={onSort} align="right" />
              <Table.Th>Sentiment</Table.Th>
              <Table.Th>Owner</Table.Th>
              <SortHeader column="lastInteractionAt" label="Last contact" sort={sort} onSort={onSort} />
              <SortHeader column="createdAt" label="Created" sort={sort} onSort={onSort} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paddingTop > 0 && (
              <tr aria-hidden>
                <td colSpan={columns} style={{ height: paddingTop, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const contact = contacts[item.index]!;
              const isSelected = selected.has(contact.id);
              return (
                <Table.Tr key={contact.id} data-index={item.index} aria-rowindex={item.index + 2} h={ROW_HEIGHT} bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined}>
                  {selectable && (
                    <Table.Td>
                      <Checkbox aria-label={`Select ${contact.name}`} checked={isSelected} onChange={(event) => onSelect([contact.id], event.currentTarget.checked)} />
                    </Table.Td>
                  )}
                  <Table.Td style={{ maxWidth: 250 }}>
                    <Group gap="sm" wrap="nowrap">
                      <ContactAvatar name={contact.name} src={contact.avatarUrl} size={32} />
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Group gap={4} wrap="nowrap">
                          <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={500} truncate="end" c="var(--mantine-color-text)">
                            {contact.name}
                          </Anchor>
                          {contact.signals.vip && <VipStar size={13} />}
                        </Group>
                        <Text size="xs" c="dimmed" truncate="end">
                          {contact.jobTitle || contact.email || (contact.channels[0]?.handle ? `@${contact.channels[0].handle}` : contact.phone) || '—'}
                        </Text>
                      </Stack>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <ChannelIcons channels={contact.channels} max={4} />
                  </Table.Td>
                  <Table.Td>
                    <LifecycleBadge stage={contact.lifecycleStage} />
                  </Table.Td>
                  <Table.Td>
                    <InfluenceMeter score={contact.signals.influenceScore} width={56} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{compactNumber(contact.signals.followersTotal)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <SentimentDot value={contact.signals.sentimentAvg} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={contact.ownerMemberId ? undefined : 'dimmed'} truncate="end" maw={140}>
                      {contact.ownerMemberId ? (ownerNames.get(contact.ownerMemberId) ?? 'A member') : 'Nobody'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{contact.signals.lastInteractionAt ? <RelativeTime value={contact.signals.lastInteractionAt} /> : <Text size="sm" c="dimmed">Never</Text>}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {shortDate(contact.createdAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={columns} style={{ height: paddingBottom, padding: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {isFetchingNextPage && (
          <Group justify="center" p="sm" aria-live="polite">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">
              Loading more contacts…
            </Text>
          </Group>
        )}
      </Box>
    </Paper>
  );
}
