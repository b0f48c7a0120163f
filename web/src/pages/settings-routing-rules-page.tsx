import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconRoute, IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import type { RoutingRule, RoutingRuleInput } from '../modules/inbox-routing/api';
import { useRoutingRules } from '../modules/inbox-routing/hooks';
import { emptyRule, RuleEditor } from '../modules/inbox-routing/rule-editor';
import { RulesList } from '../modules/inbox-routing/rules-list';
import { TeamAssignmentTable } from '../modules/inbox-routing/team-assignment';
import { useTeams } from '../modules/teams/hooks';
import type { Team } from '../modules/teams/api';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

/** The example of the feature: big voices and community members go to Social Care at high priority. */
function exampleRule(teams: Team[]): RoutingRuleInput {
  const team = teams.find((candidate) => /social/i.test(candidate.name)) ?? teams[0];
  return {
    name: 'Big voices to Social Care',
    enabled: true,
    trigger: 'created',
    conditions: {
      match: 'any',
      conditions: [
        { field: 'contact.followers', op: 'gt', value: 10_000 },
        { field: 'contact.community_member', op: 'eq', value: true },
      ],
    },
    actions: [
      { type: 'assign_team', teamId: team?.id ?? '' },
      { type: 'set_priority', priority: 'high' },
    ],
    stopProcessing: false,
  };
}

type Editing = { rule: RoutingRule | null; initial: RoutingRuleInput };

export function SettingsRoutingRulesPage() {
  const { can } = useCurrentWorkspace();
  const rules = useRoutingRules();
  const teams = useTeams();
  const [editing, setEditing] = useState<Editing | null>(null);
  const canManage = can('inbox.manage');

  if (!can('inbox.read')) return <NoAccess what="see routing rules" />;
  const startNew = (initial: RoutingRuleInput) => setEditing({ rule: null, initial });
  const example = () => startNew(exampleRule(teams.data ?? []));

  return (
    <>
      <PageHeader
        order={2}
        title="Routing rules"
        description="Each new conversation runs through these rules from top to bottom: they pick its team or agent, priority and labels, reply, snooze or notify. Every rule applied is recorded on the conversation."
        actions={
          canManage &&
          rules.data &&
          rules.data.length > 0 && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => startNew(emptyRule())}>
              New rule
            </Button>
          )
        }
      />
      <Stack gap="xl">
        {rules.isPending ? (
          <TableSkeleton rows={3} />
        ) : rules.isError ? (
          <QueryError error={rules.error} onRetry={() => void rules.refetch()} />
        ) : rules.data.length === 0 ? (
          <EmptyState
            icon={<IconRoute size={24} />}
            title="No routing rules yet"
            description={
              canManage ? (
                <>
                  Without rules every conversation waits in the shared queue. Start from the example — <b>customers with over 10,000 followers or the community flag go to Social Care at high priority</b> — and adjust it, or write your own.
                </>
              ) : (
                'A manager can add rules that send conversations to the right team. You will see them here.'
              )
            }
            action={
              canManage && (
                <Group gap="xs">
                  <Button leftSection={<IconSparkles size={16} />} onClick={example}>
                    Use the example rule
                  </Button>
                  <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => startNew(emptyRule())}>
                    Start from scratch
                  </Button>
                </Group>
              )
            }
          />
        ) : (
          <RulesList rules={rules.data} canManage={canManage} onEdit={(rule) => setEditing({ rule, initial: { name: rule.name, enabled: rule.enabled, trigger: rule.trigger, conditions: rule.conditions, actions: rule.actions, stopProcessing: rule.stopProcessing } })} />
        )}
        <Stack gap="xs">
          <Title order={4}>Assignment within teams</Title>
          <Text size="sm" c="dimmed">
            When a conversation reaches a team without an agent, the team’s method picks one among its online members (agents set themselves away or offline in the inbox).
          </Text>
          {teams.data && <TeamAssignmentTable teams={teams.data} canManage={canManage} />}
        </Stack>
      </Stack>
      <RuleEditor opened={editing !== null} rule={editing?.rule ?? null} initial={editing?.initial ?? emptyRule()} onClose={() => setEditing(null)} />
    </>
  );
}
