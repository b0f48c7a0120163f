import { Badge, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconUserPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import type { Area } from '../shell/areas';
import { PageHeader } from '../ui/page-header';

export function AreaPage({ area }: { area: Area }) {
  const { can } = useCurrentWorkspace();
  const canInvite = can('invitations.manage');
  return (
    <>
      <PageHeader title={area.label} description={area.summary} />
      <Paper withBorder radius="lg" p={{ base: 'lg', sm: 40 }} style={{ borderStyle: 'dashed' }}>
        <Stack align="center" ta="center" gap="md" maw={620} mx="auto">
          <ThemeIcon size={64} radius="xl" variant="light">
            <area.icon size={32} stroke={1.5} />
          </ThemeIcon>
          <Badge variant="light" color="gray" radius="sm">
            Coming in a next release
          </Badge>
          <Title order={2} fz={20} fw={600}>
            {area.label} is not available yet
          </Title>
          <Text c="dimmed">{area.description}</Text>
          <List
            spacing={6}
            size="sm"
            center
            ta="left"
            icon={
              <ThemeIcon size={20} radius="xl" variant="light" color="teal">
                <IconCheck size={12} />
              </ThemeIcon>
            }
          >
            {area.features.map((feature) => (
              <List.Item key={feature}>{feature}</List.Item>
            ))}
          </List>
          <Text size="sm" mt="sm">
            What you can do now: get your workspace ready so your team is in place when {area.label.toLowerCase()} arrives.
          </Text>
          <Group justify="center" gap="sm">
            {canInvite ? (
              <Button component={Link} to="/settings/invitations" leftSection={<IconUserPlus size={16} />}>
                Invite your team
              </Button>
            ) : (
              <Button component={Link} to="/settings/members" variant="light">
                See your team
              </Button>
            )}
            <Button component={Link} to="/settings/teams" variant="default">
              Set up teams
            </Button>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}
