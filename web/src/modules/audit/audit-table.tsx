import { ActionIcon, Badge, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconKey, IconRobot, IconUser } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { DataTable } from '../../ui/data-table';
import { RelativeTime } from '../../ui/relative-time';
import { ENTITY_TYPES, type AuditActor, type AuditEvent } from './api';
import { AuditDiff } from './audit-diff';

const entityLabels = new Map(ENTITY_TYPES.map((entity) => [entity.value, entity.label]));

function ActorIcon({ actor }: { actor: AuditActor }) {
  if (actor.type === 'api_key') return <IconKey size={16} aria-label="API key" />;
  if (actor.type === 'system') return <IconRobot size={16} aria-label="System" />;
  return <IconUser size={16} aria-label="Person" />;
}

function actionColor(action: string): string {
  if (/(removed|revoked|deleted)$/.test(action)) return 'red';
  if (/(created|added)$/.test(action)) return 'teal';
  return 'blue';
}

export function AuditTable({ events }: { events: AuditEvent[] }) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <DataTable
      label="Audit events"
      minWidth={720}
      highlightOnHover
      head={
        <>
          <Table.Th w={44} />
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th>Entity</Table.Th>
        </>
      }
    >
      {events.map((event) => {
        const open = expanded.has(event.id);
        const detailsId = `audit-event-${event.id}`;
        return (
          <Fragment key={event.id}>
            <Table.Tr onClick={() => toggle(event.id)} style={{ cursor: 'pointer' }} aria-expanded={open}>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={open ? `Hide details of ${event.action}` : `Show details of ${event.action}`}
                  aria-expanded={open}
                  aria-controls={detailsId}
                  onClick={(clickEvent) => {
                    clickEvent.stopPropagation();
                    toggle(event.id);
                  }}
                >
                  {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                </ActionIcon>
              </Table.Td>
              <Table.Td>
                <RelativeTime value={event.createdAt} />
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <ActorIcon actor={event.actor} />
                  <Text size="sm">{event.actor.label}</Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={actionColor(event.action)} radius="sm" tt="none" ff="monospace" fw={500}>
                  {event.action}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{entityLabels.get(event.entityType) ?? event.entityType}</Text>
                  <Tooltip label={event.entityId} withArrow>
                    <Code fz="xs">{event.entityId.slice(0, 10)}</Code>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
            {open && (
              <Table.Tr id={detailsId}>
                <Table.Td colSpan={5} bg="var(--mantine-color-body)" p="md">
                  <Stack gap="sm">
                    <AuditDiff event={event} />
                    <Group gap="lg">
                      <Meta label="Entity id" value={event.entityId} />
                      {event.requestId && <Meta label="Request id" value={event.requestId} />}
                      {event.ipAddress && <Meta label="IP address" value={event.ipAddress} />}
                      {event.actor.id && <Meta label="Actor id" value={event.actor.id} />}
                    </Group>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            )}
          </Fragment>
        );
      })}
    </DataTable>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <Text size="xs" c="dimmed">
      {label}: <Code fz="xs">{value}</Code>
    </Text>
  );
}
