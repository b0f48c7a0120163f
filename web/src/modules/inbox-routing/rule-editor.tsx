import { Alert, Badge, Button, Divider, Drawer, Group, List, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconFlask, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage, fieldErrors, formError } from '../../lib/api';
import { fromNow } from '../../lib/dates';
import { ActionsEditor, actionLabels } from './actions-editor';
import type { PreviewRow, RoutingAction, RoutingField, RoutingRule, RoutingRuleInput, RoutingTrigger } from './api';
import { ConditionBuilder, operatorLabels } from './condition-builder';
import { usePreviewRule, useRoutingFields, useSaveRule } from './hooks';

export const emptyRule = (): RoutingRuleInput => ({ name: '', enabled: true, trigger: 'created', conditions: { match: 'all', conditions: [] }, actions: [], stopProcessing: false });

const formatValue = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString();
  return String(value);
};

/** Actions still being filled in (no team or agent chosen yet) are left out of a preview. */
const isComplete = (action: RoutingAction) =>
  action.type === 'assign_team' ? action.teamId !== '' : action.type === 'assign_agent' ? action.memberId !== '' : action.type === 'notify' ? action.memberIds.length + (action.teamIds?.length ?? 0) > 0 : action.type === 'add_labels' ? action.labels.length > 0 : action.type === 'auto_reply' ? action.text.trim() !== '' : action.type === 'suggest_articles' ? action.articleIds.length > 0 : true;

/** A server path in the words of the form: "conditions.conditions[1].conditions[0].value" → "Condition 2.1". */
export function placeOf(path: string): string {
  const conditions = [...path.matchAll(/conditions\[(\d+)\]/g)].map((match) => Number(match[1]) + 1);
  if (conditions.length > 0) return `Condition ${conditions.join('.')}`;
  const action = /^actions\[(\d+)\]/.exec(path);
  if (action) return `Action ${Number(action[1]) + 1}`;
  return path === 'actions' ? 'Actions' : path === 'name' ? 'Name' : path === 'conditions' ? 'Conditions' : path;
}

/** One action in words, for the list and the preview: "Assign to team Social Care". */
export function describeAction(action: RoutingAction, names: { team: (id: string) => string; member: (id: string) => string }): string {
  switch (action.type) {
    case 'assign_team':
      return `${actionLabels[action.type]} ${names.team(action.teamId)}`;
    case 'assign_agent':
      return `${actionLabels[action.type]} ${names.member(action.memberId)}`;
    case 'set_priority':
      return `Priority ${action.priority}`;
    case 'add_labels':
      return `Labels ${action.labels.join(', ')}`;
    case 'auto_reply':
      return `Reply “${action.text.length > 40 ? `${action.text.slice(0, 40)}…` : action.text}”`;
    case 'snooze':
      return `Snooze ${action.minutes} min`;
    case 'suggest_articles':
      return `Suggest ${action.articleIds.length} article${action.articleIds.length === 1 ? '' : 's'}`;
    case 'notify':
      return `Notify ${[...action.memberIds.map(names.member), ...(action.teamIds ?? []).map(names.team)].join(', ')}`;
  }
}

function PreviewResults({ rows, fields }: { rows: PreviewRow[]; fields: RoutingField[] }) {
  const label = (field: string) => fields.find((f) => f.field === field)?.label ?? field;
  const matched = rows.filter((row) => row.matched).length;
  if (rows.length === 0) return <Text size="sm" c="dimmed">No conversations yet to try it on. Once messages arrive, the latest ones show here.</Text>;
  return (
    <Stack gap="xs" data-testid="rule-preview">
      <Text size="sm" fw={500}>
        {matched} of the {rows.length} most recent conversations would match.
      </Text>
      {rows.map((row) => (
        <Paper key={row.conversationId} withBorder radius="md" p="xs" data-matched={row.matched}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" fw={500} truncate>
              {row.contactName ?? 'Unknown contact'} · <Text span c="dimmed" size="sm">{row.subject ?? row.preview ?? ''}</Text>
            </Text>
            <Group gap={6} wrap="nowrap">
              <Text size="xs" c="dimmed">{fromNow(row.lastMessageAt)}</Text>
              <Badge color={row.matched ? 'teal' : 'gray'} variant="light">{row.matched ? 'Would match' : 'No match'}</Badge>
            </Group>
          </Group>
          <List size="xs" spacing={2} mt={4} center>
            {row.conditions.map((condition) => (
              <List.Item key={condition.path} icon={condition.held ? <IconCheck size={12} color="var(--mantine-color-teal-6)" /> : <IconX size={12} color="var(--mantine-color-gray-6)" />}>
                {label(condition.field)} {operatorLabels[condition.op as keyof typeof operatorLabels] ?? condition.op} {formatValue(condition.value)}{' '}
                <Text span size="xs" c="dimmed">(is {formatValue(condition.actual)})</Text>
              </List.Item>
            ))}
          </List>
        </Paper>
      ))}
    </Stack>
  );
}

/** Create or edit a rule, and try it on recent conversations before saving. */
export function RuleEditor({
  opened,
  rule,
  initial,
  onClose,
}: {
  opened: boolean;
  rule: RoutingRule | null;
  initial: RoutingRuleInput;
  onClose: () => void;
}) {
  const fields = useRoutingFields();
  const save = useSaveRule();
  const preview = usePreviewRule();
  const [draft, setDraft] = useState<RoutingRuleInput>(initial);
  useEffect(() => {
    if (opened) {
      setDraft(initial);
      save.reset();
      preview.reset();
    }
    // Reset only when the drawer opens with another rule.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, rule?.id]);

  const errors = fieldErrors(save.error);
  const submit = async () => {
    const saved = await save.mutateAsync({ ruleId: rule?.id, input: draft }).catch(() => null);
    if (!saved) return;
    notifications.show({ color: 'teal', message: rule ? `Rule “${saved.name}” saved.` : `Rule “${saved.name}” created; it runs after the others.` });
    onClose();
  };
  const previewError = preview.error ? formError(preview.error, []) : null;

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title={<Title order={3}>{rule ? `Edit “${rule.name}”` : 'New routing rule'}</Title>}>
      <Stack gap="md">
        <TextInput label="Name" required value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} error={errors.name} placeholder="VIPs to Social Care" />
        <div>
          <Text size="sm" fw={500} mb={4}>Runs on</Text>
          <SegmentedControl
            aria-label="Runs on"
            value={draft.trigger}
            onChange={(trigger) => setDraft({ ...draft, trigger: trigger as RoutingTrigger })}
            data={[
              { value: 'created', label: 'New conversations' },
              { value: 'updated', label: 'New messages and changes' },
              { value: 'both', label: 'Both' },
            ]}
          />
        </div>
        <Divider label="When" labelPosition="left" />
        {fields.data && <ConditionBuilder fields={fields.data} value={draft.conditions} onChange={(conditions) => setDraft({ ...draft, conditions })} />}
        <Divider label="Then" labelPosition="left" />
        <ActionsEditor value={draft.actions} onChange={(actions) => setDraft({ ...draft, actions })} />
        <Switch label="Stop processing: later rules do not run once this one applied" checked={draft.stopProcessing} onChange={(event) => setDraft({ ...draft, stopProcessing: event.currentTarget.checked })} />
        <Switch label="Enabled" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.currentTarget.checked })} />
        {save.error && (
          <Alert color="red" title="The rule cannot be saved yet" data-testid="rule-errors">
            {save.error instanceof ApiError && save.error.fields.length > 0 ? (
              <List size="sm">
                {save.error.fields.map((field) => (
                  <List.Item key={`${field.path}:${field.message}`}>
                    {placeOf(field.path)}: {field.message}
                  </List.Item>
                ))}
              </List>
            ) : (
              errorMessage(save.error)
            )}
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="light" leftSection={<IconFlask size={16} />} onClick={() => preview.mutate({ ...draft, name: draft.name || 'Preview', actions: draft.actions.filter(isComplete) })} loading={preview.isPending}>
            Test this rule
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button onClick={() => void submit()} loading={save.isPending}>{rule ? 'Save rule' : 'Create rule'}</Button>
          </Group>
        </Group>
        {previewError && <Alert color="red" title="It cannot be tried yet">{previewError}</Alert>}
        {preview.data && fields.data && <PreviewResults rows={preview.data} fields={fields.data} />}
      </Stack>
    </Drawer>
  );
}
