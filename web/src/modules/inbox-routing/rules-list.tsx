import { ActionIcon, Badge, Group, Paper, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconEdit, IconTrash } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { useMemberOptions } from '../members/hooks';
import { useTeams } from '../teams/hooks';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import type { RoutingConditionGroup, RoutingRule } from './api';
import { isGroup } from './condition-builder';
import { useDeleteRule, useReorderRules, useToggleRule } from './hooks';
import { describeAction } from './rule-editor';

const triggerLabels = { created: 'New conversations', updated: 'New messages', both: 'New conversations and messages' } as const;

const countConditions = (group: RoutingConditionGroup): number => group.conditions.reduce((n, node) => n + (isGroup(node) ? countConditions(node) : 1), 0);

function DeleteRuleButton({ rule }: { rule: RoutingRule }) {
  const remove = useDeleteRule();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={16} />}
      tooltip={`Delete ${rule.name}`}
      title={`Delete the rule “${rule.name}”?`}
      confirmLabel="Delete rule"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(rule.id);
        notifications.show({ color: 'teal', message: `Rule “${rule.name}” deleted.` });
      }}
    >
      Conversations it already routed stay as they are; new ones no longer go through it.
    </ConfirmActionButton>
  );
}

/** The rules in the order they run, with up/down to reorder and a switch to turn each on or off. */
export function RulesList({ rules, canManage, onEdit }: { rules: RoutingRule[]; canManage: boolean; onEdit: (rule: RoutingRule) => void }) {
  const reorder = useReorderRules();
  const toggle = useToggleRule();
  const teams = useTeams();
  const members = useMemberOptions();
  const names = {
    team: (id: string) => teams.data?.find((team) => team.id === id)?.name ?? 'a deleted team',
    member: (id: string) => {
      const member = members.data?.find((candidate) => candidate.id === id);
      return member ? member.name || member.email : 'someone who left';
    },
  };
  const move = (index: number, by: -1 | 1) => {
    const ids = rules.map((rule) => rule.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate(ids, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) });
  };

  return (
    <Stack gap="xs" data-testid="routing-rules">
      {rules.map((rule, index) => {
        const count = countConditions(rule.conditions);
        return (
          <Paper key={rule.id} withBorder radius="md" p="sm" data-rule={rule.name} opacity={rule.enabled ? 1 : 0.6}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Badge variant="light" color="gray" size="lg" circle>
                  {index + 1}
                </Badge>
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{rule.name}</Text>
                    <Badge variant="outline" size="sm">{triggerLabels[rule.trigger]}</Badge>
                    {rule.stopProcessing && <Badge variant="light" color="orange" size="sm">Stops later rules</Badge>}
                  </Group>
                  <Text size="sm" c="dimmed">
                    When {count === 0 ? 'any conversation arrives' : count === 1 ? 'its condition holds' : `${rule.conditions.match === 'any' ? 'any' : 'all'} of ${count} conditions hold`} → {rule.actions.map((action) => describeAction(action, names)).join(' · ')}
                  </Text>
                  <Text size="xs" c="dimmed">Applied {rule.appliedCount.toLocaleString()} time{rule.appliedCount === 1 ? '' : 's'}</Text>
                </Stack>
              </Group>
              {canManage && (
                <Group gap={4} wrap="nowrap">
                  <Switch
                    aria-label={`${rule.enabled ? 'Turn off' : 'Turn on'} ${rule.name}`}
                    checked={rule.enabled}
                    onChange={(event) => toggle.mutate({ ruleId: rule.id, enabled: event.currentTarget.checked })}
                    mr="xs"
                  />
                  <Tooltip label="Run earlier" withArrow>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Move ${rule.name} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)}>
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Run later" withArrow>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Move ${rule.name} down`} disabled={index === rules.length - 1 || reorder.isPending} onClick={() => move(index, 1)}>
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Edit" withArrow>
                    <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${rule.name}`} onClick={() => onEdit(rule)}>
                      <IconEdit size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <DeleteRuleButton rule={rule} />
                </Group>
              )}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
