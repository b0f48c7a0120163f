import { ActionIcon, Badge, Group, Paper, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconEdit, IconTrash } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { useMemberOptions } from '../members/hooks';
import { useTeams } from '../teams/hooks';
import type { SlaPolicy } from './api';
import { describeScope, formatMinutes, priorityLabels } from './format';
import { useDeletePolicy, useReorderPolicies, useTogglePolicy } from './hooks';

function DeletePolicyButton({ policy }: { policy: SlaPolicy }) {
  const remove = useDeletePolicy();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={16} />}
      tooltip={`Delete ${policy.name}`}
      title={`Delete the policy “${policy.name}”?`}
      confirmLabel="Delete policy"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(policy.id);
        notifications.show({ color: 'teal', message: `Policy “${policy.name}” deleted.` });
      }}
    >
      Conversations it measures take the next policy that fits at their next message or change.
    </ConfirmActionButton>
  );
}

/** What a breach does, in words: "Move to Escalations · Priority urgent · Notify manager". */
function useDescribeEscalation() {
  const teams = useTeams();
  const members = useMemberOptions();
  const member = (id: string) => {
    const found = members.data?.find((candidate) => candidate.id === id);
    return found ? found.name || found.email : 'someone who left';
  };
  return (escalation: SlaPolicy['escalation']) => {
    const parts: string[] = [];
    if (escalation.reassignTeamId) parts.push(`Move to ${teams.data?.find((team) => team.id === escalation.reassignTeamId)?.name ?? 'a deleted team'}`);
    if (escalation.reassignMemberId) parts.push(`Assign to ${member(escalation.reassignMemberId)}`);
    if (escalation.setPriority) parts.push(`Priority ${priorityLabels[escalation.setPriority].toLowerCase()}`);
    const notified = [...(escalation.notifyMemberIds ?? []).map(member), ...(escalation.notifyManager ? ['the team manager'] : [])];
    if (notified.length) parts.push(`Notify ${notified.join(', ')}`);
    return parts.length ? parts.join(' · ') : 'Notify the assignee';
  };
}

/** Policies in the order they are tried, with up/down to reorder and a switch to turn each on or off. */
export function PoliciesList({ policies, canManage, onEdit }: { policies: SlaPolicy[]; canManage: boolean; onEdit: (policy: SlaPolicy) => void }) {
  const reorder = useReorderPolicies();
  const toggle = useTogglePolicy();
  const describeEscalation = useDescribeEscalation();
  const move = (index: number, by: -1 | 1) => {
    const ids = policies.map((policy) => policy.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate(ids, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) });
  };

  return (
    <Stack gap="xs" data-testid="sla-policies">
      {policies.map((policy, index) => {
        const targets = [
          policy.firstResponseMinutes !== null && `First response ${formatMinutes(policy.firstResponseMinutes)}`,
          policy.nextResponseMinutes !== null && `Next response ${formatMinutes(policy.nextResponseMinutes)}`,
          policy.resolutionMinutes !== null && `Resolution ${formatMinutes(policy.resolutionMinutes)}`,
        ].filter(Boolean);
        return (
          <Paper key={policy.id} withBorder radius="md" p="sm" data-policy={policy.name} opacity={policy.enabled ? 1 : 0.6}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Badge variant="light" color="gray" size="lg" circle>
                  {index + 1}
                </Badge>
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{policy.name}</Text>
                    <Badge variant="outline" size="sm">{describeScope(policy)}</Badge>
                    <Badge variant="light" color={policy.businessHours ? 'blue' : 'grape'} size="sm">
                      {policy.businessHours ? 'Business hours' : 'Around the clock'}
                    </Badge>
                  </Group>
                  <Text size="sm">{targets.join(' · ')}</Text>
                  <Text size="xs" c="dimmed">
                    Warn {formatMinutes(policy.warnBeforeMinutes)} before · On breach: {describeEscalation(policy.escalation)}
                  </Text>
                </Stack>
              </Group>
              {canManage && (
                <Group gap={4} wrap="nowrap">
                  <Switch
                    aria-label={`${policy.enabled ? 'Turn off' : 'Turn on'} ${policy.name}`}
                    checked={policy.enabled}
                    onChange={(event) => toggle.mutate({ policyId: policy.id, enabled: event.currentTarget.checked }, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) })}
                    mr="xs"
                  />
                  <Tooltip label="Move up">
                    <ActionIcon variant="subtle" aria-label={`Move ${policy.name} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)}>
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move down">
                    <ActionIcon variant="subtle" aria-label={`Move ${policy.name} down`} disabled={index === policies.length - 1 || reorder.isPending} onClick={() => move(index, 1)}>
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Edit">
                    <ActionIcon variant="subtle" aria-label={`Edit ${policy.name}`} onClick={() => onEdit(policy)}>
                      <IconEdit size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <DeletePolicyButton policy={policy} />
                </Group>
              )}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
