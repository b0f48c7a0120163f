import { Alert, Button, Checkbox, Divider, Drawer, Group, MultiSelect, NumberInput, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { fieldErrors, formError } from '../../lib/api';
import { useMemberOptions } from '../members/hooks';
import { useTeams } from '../teams/hooks';
import { channelTypes, conversationPriorities, type SlaPolicy, type SlaPolicyInput } from './api';
import { DurationInput } from './duration-input';
import { channelLabels, priorityLabels } from './format';
import { useSavePolicy } from './hooks';

export const emptyPolicy = (): SlaPolicyInput => ({
  name: '',
  enabled: true,
  priorities: [],
  channelTypes: [],
  firstResponseMinutes: 60,
  nextResponseMinutes: null,
  resolutionMinutes: null,
  warnBeforeMinutes: 15,
  businessHours: true,
  escalation: {},
});

/** A sensible start: answer within an hour, follow up within four, resolve within three working days. */
export const suggestedPolicy = (): SlaPolicyInput => ({
  ...emptyPolicy(),
  name: 'Standard',
  firstResponseMinutes: 60,
  nextResponseMinutes: 240,
  resolutionMinutes: 24 * 60,
  escalation: { notifyManager: true },
});

export const inputOf = (policy: SlaPolicy): SlaPolicyInput => ({
  name: policy.name,
  enabled: policy.enabled,
  priorities: policy.priorities,
  channelTypes: policy.channelTypes,
  firstResponseMinutes: policy.firstResponseMinutes,
  nextResponseMinutes: policy.nextResponseMinutes,
  resolutionMinutes: policy.resolutionMinutes,
  warnBeforeMinutes: policy.warnBeforeMinutes,
  businessHours: policy.businessHours,
  escalation: policy.escalation,
});

const shown = ['name', 'priorities', 'channelTypes', 'firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes', 'warnBeforeMinutes', 'escalation.reassignTeamId', 'escalation.reassignMemberId', 'escalation.notifyMemberIds'];

/** Create or edit a policy: where it applies, its three targets, the warning, and what a breach does. */
export function PolicyEditor({ opened, policy, initial, onClose }: { opened: boolean; policy: SlaPolicy | null; initial: SlaPolicyInput; onClose: () => void }) {
  const [draft, setDraft] = useState<SlaPolicyInput>(initial);
  const save = useSavePolicy();
  const teams = useTeams();
  const members = useMemberOptions(opened);
  useEffect(() => {
    if (opened) {
      setDraft(initial);
      save.reset();
    }
    // Only when the drawer opens on a (new) policy.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, policy?.id]);

  const errors = fieldErrors(save.error);
  const general = formError(save.error, shown);
  const set = <K extends keyof SlaPolicyInput>(key: K, value: SlaPolicyInput[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setEscalation = (patch: Partial<SlaPolicyInput['escalation']>) =>
    setDraft((current) => {
      const escalation = { ...current.escalation, ...patch };
      for (const key of Object.keys(escalation) as (keyof typeof escalation)[]) {
        const value = escalation[key];
        if (value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0)) delete escalation[key];
      }
      return { ...current, escalation };
    });
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  const memberOptions = (members.data ?? []).map((member) => ({ value: member.id, label: member.name || member.email }));

  const submit = () =>
    save.mutate(
      { ...(policy ? { policyId: policy.id } : {}), input: { ...draft, name: draft.name.trim() } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: `Policy “${saved.name}” saved.` });
          onClose();
        },
      },
    );

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={<Title order={3}>{policy ? `Edit “${policy.name}”` : 'New SLA policy'}</Title>}>
      <Stack gap="md" data-testid="sla-policy-editor">
        <TextInput label="Name" placeholder="e.g. VIP on social" value={draft.name} onChange={(event) => set('name', event.currentTarget.value)} error={errors.name} required />
        <Switch label="Enabled" checked={draft.enabled} onChange={(event) => set('enabled', event.currentTarget.checked)} />

        <Divider label="Applies to" labelPosition="left" />
        <MultiSelect
          label="Priorities"
          placeholder={draft.priorities.length ? undefined : 'Every priority'}
          data={conversationPriorities.map((value) => ({ value, label: priorityLabels[value] }))}
          value={draft.priorities}
          onChange={(value) => set('priorities', value as SlaPolicyInput['priorities'])}
          error={errors.priorities}
          clearable
        />
        <MultiSelect
          label="Channels"
          placeholder={draft.channelTypes.length ? undefined : 'Every channel'}
          data={channelTypes.map((value) => ({ value, label: channelLabels[value] }))}
          value={draft.channelTypes}
          onChange={(value) => set('channelTypes', value as SlaPolicyInput['channelTypes'])}
          error={errors.channelTypes}
          clearable
        />

        <Divider label="Targets" labelPosition="left" />
        <DurationInput label="First response" description="From the customer's first message to an agent's first answer" value={draft.firstResponseMinutes} onChange={(value) => set('firstResponseMinutes', value)} error={errors.firstResponseMinutes} />
        <DurationInput label="Next response" description="Each time the customer writes again after an answer" value={draft.nextResponseMinutes} onChange={(value) => set('nextResponseMinutes', value)} error={errors.nextResponseMinutes} />
        <DurationInput label="Resolution" description="From the first message (or a reopening) to resolved" value={draft.resolutionMinutes} onChange={(value) => set('resolutionMinutes', value)} error={errors.resolutionMinutes} />
        <NumberInput
          label="Warn before due"
          description="The assignee is warned this many minutes before a target is due"
          suffix=" min"
          min={0}
          max={10080}
          w={260}
          value={draft.warnBeforeMinutes}
          onChange={(value) => typeof value === 'number' && set('warnBeforeMinutes', value)}
          error={errors.warnBeforeMinutes}
        />
        <Switch
          label="Count business hours only"
          description="Targets run during the business hours of the conversation's team (below); off: around the clock"
          checked={draft.businessHours}
          onChange={(event) => set('businessHours', event.currentTarget.checked)}
        />

        <Divider label="When a target is breached" labelPosition="left" />
        <Select label="Move to team" placeholder="Keep the team" data={teamOptions} value={draft.escalation.reassignTeamId ?? null} onChange={(value) => setEscalation({ reassignTeamId: value ?? undefined })} error={errors['escalation.reassignTeamId']} clearable />
        <Select label="Assign to" placeholder="Keep the assignee" data={memberOptions} value={draft.escalation.reassignMemberId ?? null} onChange={(value) => setEscalation({ reassignMemberId: value ?? undefined })} error={errors['escalation.reassignMemberId']} searchable clearable />
        <Select
          label="Raise priority to"
          placeholder="Keep the priority"
          data={conversationPriorities.map((value) => ({ value, label: priorityLabels[value] }))}
          value={draft.escalation.setPriority ?? null}
          onChange={(value) => setEscalation({ setPriority: (value ?? undefined) as SlaPolicyInput['escalation']['setPriority'] })}
          clearable
        />
        <MultiSelect label="Notify" placeholder="Nobody else" data={memberOptions} value={draft.escalation.notifyMemberIds ?? []} onChange={(value) => setEscalation({ notifyMemberIds: value })} error={errors['escalation.notifyMemberIds']} searchable clearable />
        <Checkbox label="Notify the team's manager" checked={draft.escalation.notifyManager ?? false} onChange={(event) => setEscalation({ notifyManager: event.currentTarget.checked })} />
        <Text size="xs" c="dimmed">The assignee is always told about a breach.</Text>

        {general && (
          <Alert color="red" variant="light">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            {policy ? 'Save policy' : 'Create policy'}
          </Button>
        </Group>
      </Stack>
    </Drawer>
  );
}
