import { Alert, Badge, Button, Group, Loader, Modal, Paper, Radio, SegmentedControl, SimpleGrid, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../lib/api';
import { shortDate } from '../../lib/dates';
import { useCompanyOptions } from '../companies/hooks';
import type { ContactDetail } from '../contacts/api';
import { ChannelIcon, channelColor, channelLabel, identityText } from '../contacts/channel-icon';
import { ContactAvatar } from '../contacts/contact-bits';
import { useContact, useCustomFields, useMergeContacts } from '../contacts/hooks';
import { useMemberOptions } from '../members/hooks';
import { defaultChoice, differingRows, displayValue, type Side } from './merge-fields';

function SideHeader({ contact, survivor, older }: { contact: ContactDetail; survivor: boolean; older: boolean }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ContactAvatar name={contact.name} src={contact.avatarUrl} size={28} />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate="end">
          {contact.name}
        </Text>
        <Text size="xs" c="dimmed">
          Created {shortDate(contact.createdAt)}
          {older ? ' · older' : ''}
        </Text>
      </Stack>
      {survivor && (
        <Badge size="xs" color="teal" variant="light" style={{ flexShrink: 0 }}>
          Survives
        </Badge>
      )}
    </Group>
  );
}

/**
 * Merging two contacts field by field: for every field whose values differ, a radio picks the value to
 * keep (the older contact's by default, empty ones filled from the other); a switch picks which
 * contact survives. Identities of both move to the survivor; tags are combined.
 */
export function MergeDialog({ leftId, rightId, onClose, onMerged }: { leftId: string; rightId: string; onClose: () => void; onMerged: (winnerId: string) => void }) {
  const left = useContact(leftId);
  const right = useContact(rightId);
  const customFields = useCustomFields('contact');
  const members = useMemberOptions();
  const companies = useCompanyOptions();
  const merge = useMergeContacts();
  const ready = left.data && right.data && customFields.data;

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Review and merge</Text>} size="xl" centered>
      {left.isError || right.isError ? (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(left.error ?? right.error)}
        </Alert>
      ) : !ready ? (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      ) : left.data.id === right.data.id ? (
        <Alert color="yellow" variant="light">These two were already merged into one contact.</Alert>
      ) : (
        <MergeForm
          left={left.data}
          right={right.data}
          rowsSource={{ customFields: customFields.data, members: new Map((members.data ?? []).map((m) => [m.id, m.name || m.email])), companies: new Map((companies.data ?? []).map((c) => [c.id, c.name])) }}
          pending={merge.isPending}
          error={merge.error ? errorMessage(merge.error) : null}
          onCancel={onClose}
          onConfirm={(input) =>
            merge.mutate(input, {
              onSuccess: () => {
                notifications.show({ color: 'teal', title: 'Contacts merged', message: 'You can undo it from the merge history on the profile.' });
                onMerged(input.winnerId);
              },
            })
          }
        />
      )}
    </Modal>
  );
}

type RowsSource = { customFields: NonNullable<ReturnType<typeof useCustomFields>['data']>; members: Map<string, string>; companies: Map<string, string> };

function MergeForm({ left, right, rowsSource, pending, error, onCancel, onConfirm }: { left: ContactDetail; right: ContactDetail; rowsSource: RowsSource; pending: boolean; error: string | null; onCancel: () => void; onConfirm: (input: { winnerId: string; loserId: string; fieldChoices: Record<string, 'winner' | 'loser'> }) => void }) {
  const older: Side = left.createdAt <= right.createdAt ? 'left' : 'right';
  const rows = useMemo(() => differingRows(left, right, rowsSource.customFields), [left, right, rowsSource.customFields]);
  const [survivor, setSurvivor] = useState<Side>(older);
  const [choices, setChoices] = useState<Record<string, Side>>(() => Object.fromEntries(rows.map((row) => [row.key, defaultChoice(row, older)])));
  const byside = { left, right };
  const names = { members: rowsSource.members, companies: rowsSource.companies };

  const confirm = () => {
    const winner = byside[survivor];
    const loser = byside[survivor === 'left' ? 'right' : 'left'];
    // Every differing field is sent explicitly, so the result is exactly what the table shows.
    const fieldChoices = Object.fromEntries(rows.map((row) => [row.key, (choices[row.key] ?? survivor) === survivor ? 'winner' : 'loser'] as const));
    onConfirm({ winnerId: winner.id, loserId: loser.id, fieldChoices });
  };

  return (
    <Stack gap="md">
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Text size="sm">Which contact survives? The other one is kept in the history, so the merge can be undone.</Text>
        <SegmentedControl
          aria-label="Surviving contact"
          value={survivor}
          onChange={(value) => setSurvivor(value === 'right' ? 'right' : 'left')}
          data={[
            // Duplicates often share a name: the age tells them apart.
            { value: 'left', label: `${left.name} (${older === 'left' ? 'older' : 'newer'})` },
            { value: 'right', label: `${right.name} (${older === 'right' ? 'older' : 'newer'})` },
          ]}
        />
      </Group>

      {rows.length === 0 ? (
        <Alert variant="light" color="teal">Both contacts have the same values everywhere: nothing to choose.</Alert>
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" aria-label="Fields that differ">
              <Table.Thead bg="var(--mantine-color-default-hover)">
                <Table.Tr>
                  <Table.Th w={150}>Field</Table.Th>
                  <Table.Th><SideHeader contact={left} survivor={survivor === 'left'} older={older === 'left'} /></Table.Th>
                  <Table.Th><SideHeader contact={right} survivor={survivor === 'right'} older={older === 'right'} /></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.key}>
                    <Table.Td>
                      <Text size="sm" fw={500}>{row.label}</Text>
                    </Table.Td>
                    {(['left', 'right'] as const).map((side) => {
                      const shown = displayValue(row.key, row[side], names);
                      return (
                        <Table.Td key={side}>
                          <Radio
                            name={`merge-${row.key}`}
                            value={side}
                            checked={(choices[row.key] ?? older) === side}
                            onChange={() => setChoices((c) => ({ ...c, [row.key]: side }))}
                            aria-label={`${row.label}: keep ${shown} (${byside[side].name})`}
                            label={<Text size="sm" style={{ overflowWrap: 'anywhere' }} lineClamp={2} c={shown === '—' ? 'dimmed' : undefined}>{shown}</Text>}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      <Stack gap={6}>
        <Text size="sm" fw={600}>Identities (all move to the surviving contact)</Text>
        <SimpleGrid cols={2}>
          {(['left', 'right'] as const).map((side) => (
            <Stack key={side} gap={4}>
              {byside[side].identities.length === 0 && <Text size="xs" c="dimmed">No identity</Text>}
              {byside[side].identities.map((identity) => (
                <Group key={identity.id} gap={6} wrap="nowrap">
                  <ThemeIcon size={20} radius="xl" variant="light" color={channelColor(identity.channel)}>
                    <ChannelIcon channel={identity.channel} size={12} />
                  </ThemeIcon>
                  <Text size="xs" truncate="end">
                    {channelLabel(identity.channel)} · {identityText(identity)}
                  </Text>
                </Group>
              ))}
            </Stack>
          ))}
        </SimpleGrid>
        <Text size="xs" c="dimmed">Tags of both are combined; deals, tasks, notes and the timeline move to the survivor too.</Text>
      </Stack>

      {error && <Alert color="red" variant="light" role="alert">{error}</Alert>}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button leftSection={<IconArrowsJoin size={16} />} onClick={confirm} loading={pending} data-autofocus>
          Merge into {byside[survivor].name}
        </Button>
      </Group>
    </Stack>
  );
}
