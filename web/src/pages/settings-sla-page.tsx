import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconClockHour4, IconPlus, IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import type { SlaPolicy, SlaPolicyInput } from '../modules/inbox-sla/api';
import { BusinessHoursEditor } from '../modules/inbox-sla/business-hours-editor';
import { useSlaPolicies } from '../modules/inbox-sla/hooks';
import { PoliciesList } from '../modules/inbox-sla/policies-list';
import { emptyPolicy, inputOf, PolicyEditor, suggestedPolicy } from '../modules/inbox-sla/policy-editor';
import { useTeams } from '../modules/teams/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

type Editing = { policy: SlaPolicy | null; initial: SlaPolicyInput };

function TeamCalendars({ canManage }: { canManage: boolean }) {
  const teams = useTeams();
  const [chosen, setChosen] = useState<string | null>(null);
  if (teams.isPending) return <TableSkeleton rows={2} />;
  if (teams.isError) return <QueryError error={teams.error} onRetry={() => void teams.refetch()} />;
  if (teams.data.length === 0) {
    return (
      <EmptyState
        icon={<IconClockHour4 size={24} />}
        title="No teams yet"
        description="Business hours belong to teams. Create teams in Settings → Teams, then give each its time zone, opening hours and holidays. Until then SLAs count around the clock."
      />
    );
  }
  const teamId = chosen ?? teams.data[0]!.id;
  return (
    <Stack gap="md">
      <Select label="Team" data={teams.data.map((team) => ({ value: team.id, label: team.name }))} value={teamId} onChange={(value) => value && setChosen(value)} w={280} allowDeselect={false} />
      <BusinessHoursEditor teamId={teamId} canManage={canManage} />
    </Stack>
  );
}

export function SettingsSlaPage() {
  const { can } = useCurrentWorkspace();
  const policies = useSlaPolicies();
  const [editing, setEditing] = useState<Editing | null>(null);
  const canManage = can('inbox.manage');

  if (!can('inbox.read')) return <NoAccess what="see SLA policies" />;
  const startNew = (initial: SlaPolicyInput) => setEditing({ policy: null, initial });

  return (
    <>
      <PageHeader
        order={2}
        title="SLA policies"
        description="How fast conversations must be answered and resolved. The first enabled policy that fits a conversation's priority and channel applies; targets count in the business hours of the conversation's team, and a breach can reassign, raise the priority and notify."
        actions={
          canManage &&
          policies.data &&
          policies.data.length > 0 && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => startNew(emptyPolicy())}>
              New policy
            </Button>
          )
        }
      />
      <Stack gap="xl">
        {policies.isPending ? (
          <TableSkeleton rows={3} />
        ) : policies.isError ? (
          <QueryError error={policies.error} onRetry={() => void policies.refetch()} />
        ) : policies.data.length === 0 ? (
          <EmptyState
            icon={<IconClockHour4 size={24} />}
            title="No SLA policies yet"
            description={
              canManage ? (
                <>
                  Without a policy conversations have no due times and nothing warns before a customer waits too long. Start from the suggested one — <b>first answer within 1 hour, next within 4, resolved within 24 business hours</b> — or write your own.
                </>
              ) : (
                'A manager can set response and resolution targets. You will see them here.'
              )
            }
            action={
              canManage && (
                <Group gap="xs">
                  <Button leftSection={<IconSparkles size={16} />} onClick={() => startNew(suggestedPolicy())}>
                    Use the suggested policy
                  </Button>
                  <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => startNew(emptyPolicy())}>
                    Start from scratch
                  </Button>
                </Group>
              )
            }
          />
        ) : (
          <PoliciesList policies={policies.data} canManage={canManage} onEdit={(policy) => setEditing({ policy, initial: inputOf(policy) })} />
        )}
        <Stack gap="xs">
          <Title order={4}>Business hours</Title>
          <Text size="sm" c="dimmed">
            Each team’s calendar for its SLAs: time zone, weekly opening hours and holidays. Conversations without a team count around the clock.
          </Text>
          <TeamCalendars canManage={canManage} />
        </Stack>
      </Stack>
      <PolicyEditor opened={editing !== null} policy={editing?.policy ?? null} initial={editing?.initial ?? emptyPolicy()} onClose={() => setEditing(null)} />
    </>
  );
}
