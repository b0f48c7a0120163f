import { ActionIcon, Box, Button, Divider, Group, Indicator, Popover, ScrollArea, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAntenna, IconAt, IconBell, IconBellRinging, IconChecklist, IconChecks } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useNavigate } from 'react-router';
import { QueryError } from '../../ui/query-error';
import { RelativeTime } from '../../ui/relative-time';
import type { AppNotification } from './api';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications, useUnreadCount } from './hooks';

const kindIcons: Record<string, typeof IconBell> = { mention: IconAt, task_assigned: IconChecklist, reminder: IconBellRinging, mention_assigned: IconAntenna };

/** The header's bell: unread count, and a list of your notifications that leads to what they are about. */
export function NotificationsBell() {
  const [opened, popover] = useDisclosure(false);
  const unread = useUnreadCount();
  const list = useNotifications(opened);
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const navigate = useNavigate();
  const count = unread.data ?? 0;

  const open = (notification: AppNotification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    popover.close();
    if (notification.link) void navigate(notification.link);
  };

  return (
    <Popover opened={opened} onChange={(value) => (value ? popover.open() : popover.close())} position="bottom-end" width={360} shadow="md" withArrow trapFocus>
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} color="red" offset={4}>
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={count > 0 ? `Notifications (${count} unread)` : 'Notifications'} onClick={popover.toggle}>
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button size="compact-xs" variant="subtle" leftSection={<IconChecks size={14} />} disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            Mark all read
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={420}>
          {list.isLoading && (
            <Stack p="md" gap="sm">
              <Skeleton h={36} />
              <Skeleton h={36} />
            </Stack>
          )}
          {list.error && (
            <Box p="sm">
              <QueryError error={list.error} onRetry={() => void list.refetch()} />
            </Box>
          )}
          {list.data?.data.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="xl">
              Nothing yet. Mentions, assigned tasks and reminders show up here.
            </Text>
          )}
          {list.data?.data.map((notification, index) => (
            <Fragment key={notification.id}>
              {index > 0 && <Divider />}
              <NotificationItem notification={notification} onOpen={open} onMarkRead={(id) => markRead.mutate(id)} />
            </Fragment>
          ))}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

function NotificationItem({ notification, onOpen, onMarkRead }: { notification: AppNotification; onOpen: (n: AppNotification) => void; onMarkRead: (id: string) => void }) {
  const Icon = kindIcons[notification.kind] ?? IconBell;
  const unread = !notification.readAt;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" px="md" py="sm" bg={unread ? 'var(--mantine-color-blue-light)' : undefined}>
      <ThemeIcon variant={unread ? 'filled' : 'light'} color={unread ? 'blue' : 'gray'} radius="xl" size={28}>
        <Icon size={15} />
      </ThemeIcon>
      <UnstyledButton onClick={() => onOpen(notification)} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={unread ? 600 : 400} lineClamp={2}>
          {notification.title}
        </Text>
        {notification.body && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {notification.body}
          </Text>
        )}
        <Text size="xs" c="dimmed" component="div" mt={2}>
          <RelativeTime value={notification.createdAt} size="xs" />
        </Text>
      </UnstyledButton>
      {unread && (
        <ActionIcon variant="subtle" size="sm" color="gray" aria-label={`Mark “${notification.title}” read`} onClick={() => onMarkRead(notification.id)}>
          <IconChecks size={14} />
        </ActionIcon>
      )}
    </Group>
  );
}
