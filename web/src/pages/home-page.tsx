import { Card, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconApi, IconArrowRight, IconHistory, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useMe } from '../modules/accounts/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import type { Permission } from '../modules/workspaces/types';
import { AREAS } from '../shell/areas';
import { PageHeader } from '../ui/page-header';

type Step = { to: string; title: string; description: string; icon: ReactNode; permission: Permission };

const STEPS: Step[] = [
  { to: '/settings/invitations', title: 'Invite your team', description: 'Send invitation links and choose each person’s role.', icon: <IconUserPlus size={20} />, permission: 'invitations.manage' },
  { to: '/settings/teams', title: 'Organize teams', description: 'Group people by market, product or shift for routing later.', icon: <IconUsersGroup size={20} />, permission: 'teams.read' },
  { to: '/settings/api-keys', title: 'Connect your tools', description: 'Create an API key and explore the HTTP API.', icon: <IconApi size={20} />, permission: 'api_keys.manage' },
  { to: '/settings/audit-log', title: 'Review activity', description: 'See who changed what, and when, in the audit log.', icon: <IconHistory size={20} />, permission: 'audit.read' },
];

export function HomePage() {
  const { workspace, can } = useCurrentWorkspace();
  const me = useMe();
  const firstName = me.data?.user.name.split(' ')[0] ?? '';
  const steps = STEPS.filter((step) => can(step.permission));

  return (
    <>
      <PageHeader title={firstName ? `Welcome, ${firstName}` : 'Welcome'} description={`Here is where ${workspace.name} stands and what to do next.`} />
      <Stack gap="xl">
        {steps.length > 0 && (
          <section aria-labelledby="getting-started">
            <Title order={2} fz="lg" fw={600} mb="sm" id="getting-started">
              Get started
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
              {steps.map((step) => (
                <Card key={step.to} component={Link} to={step.to} withBorder radius="md" padding="lg">
                  <Stack gap="sm">
                    <ThemeIcon variant="light" size={40} radius="md">
                      {step.icon}
                    </ThemeIcon>
                    <Group gap={4} wrap="nowrap">
                      <Text fw={600}>{step.title}</Text>
                      <IconArrowRight size={14} aria-hidden />
                    </Group>
                    <Text size="sm" c="dimmed">
                      {step.description}
                    </Text>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          </section>
        )}
        <section aria-labelledby="coming-next">
          <Title order={2} fz="lg" fw={600} mb={4} id="coming-next">
            Coming next
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Parley grows area by area. These arrive in the next releases.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {AREAS.map((area) => (
              // Plain tiles, not links: the navbar already links each area, and duplicate link names confuse screen readers.
              <Paper key={area.path} withBorder radius="md" p="sm">
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <ThemeIcon variant="default" size={32} radius="md">
                    <area.icon size={18} stroke={1.6} />
                  </ThemeIcon>
                  <Stack gap={0}>
                    <Text size="sm" fw={600}>
                      {area.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {area.summary}
                    </Text>
                  </Stack>
                </Group>
              </Paper>
            ))}
          </SimpleGrid>
        </section>
      </Stack>
    </>
  );
}
