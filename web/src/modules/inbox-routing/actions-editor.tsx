import { ActionIcon, Button, Group, MultiSelect, NativeSelect, NumberInput, Select, Stack, TagsInput, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemberOptions } from '../members/hooks';
import { useTeams } from '../teams/hooks';
import type { Priority, RoutingAction } from './api';
import { useArticleOptions } from './hooks';

export const actionLabels: Record<RoutingAction['type'], string> = {
  assign_team: 'Assign to team',
  assign_agent: 'Assign to agent',
  set_priority: 'Set priority',
  add_labels: 'Add labels',
  auto_reply: 'Reply automatically',
  snooze: 'Snooze',
  suggest_articles: 'Suggest articles',
  notify: 'Notify',
};

const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];

function blank(type: RoutingAction['type']): RoutingAction {
  switch (type) {
    case 'assign_team':
      return { type, teamId: '' };
    case 'assign_agent':
      return { type, memberId: '' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'add_labels':
      return { type, labels: [] };
    case 'auto_reply':
      return { type, text: '' };
    case 'snooze':
      return { type, minutes: 60 };
    case 'suggest_articles':
      return { type, articleIds: [] };
    case 'notify':
      return { type, memberIds: [], teamIds: [] };
  }
}

/** What a rule does when it matches: a list of actions, each with its own inputs. */
export function ActionsEditor({ value, onChange }: { value: RoutingAction[]; onChange: (next: RoutingAction[]) => void }) {
  const teams = useTeams();
  const members = useMemberOptions();
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  const memberOptions = (members.data ?? []).map((member) => ({ value: member.id, label: member.name || member.email }));
  const articles = useArticleOptions();
  const articleOptions = (articles.data ?? []).map((article) => ({ value: article.id, label: article.kind === 'video' ? `▶ ${article.title}` : article.title }));
  const set = (index: number, action: RoutingAction) => onChange(value.map((current, i) => (i === index ? action : current)));

  return (
    <Stack gap="xs">
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          No action yet: add what should happen to matching conversations.
        </Text>
      )}
      {value.map((action, index) => {
        const n = index + 1;
        return (
          <Group key={index} gap="xs" align="flex-start" wrap="wrap">
            <NativeSelect
              aria-label={`Action ${n}`}
              value={action.type}
              data={Object.entries(actionLabels).map(([type, label]) => ({ value: type, label }))}
              onChange={(event) => set(index, blank(event.currentTarget.value as RoutingAction['type']))}
              w={190}
            />
            <div style={{ flex: '1 1 240px', minWidth: 200 }}>
              {action.type === 'assign_team' && (
                <Select aria-label={`Team of action ${n}`} data={teamOptions} value={action.teamId || null} onChange={(teamId) => set(index, { ...action, teamId: teamId ?? '' })} placeholder="Choose a team" searchable comboboxProps={{ withinPortal: true }} />
              )}
              {action.type === 'assign_agent' && (
                <Select aria-label={`Agent of action ${n}`} data={memberOptions} value={action.memberId || null} onChange={(memberId) => set(index, { ...action, memberId: memberId ?? '' })} placeholder="Choose an agent" searchable comboboxProps={{ withinPortal: true }} />
              )}
              {action.type === 'set_priority' && (
                <NativeSelect aria-label={`Priority of action ${n}`} value={action.priority} data={priorities} onChange={(event) => set(index, { ...action, priority: event.currentTarget.value as Priority })} />
              )}
              {action.type === 'add_labels' && <TagsInput aria-label={`Labels of action ${n}`} value={action.labels} onChange={(labels) => set(index, { ...action, labels })} placeholder="Labels, Enter after each" />}
              {action.type === 'auto_reply' && <Textarea aria-label={`Reply of action ${n}`} value={action.text} onChange={(event) => set(index, { ...action, text: event.currentTarget.value })} autosize minRows={2} placeholder="Thanks for writing! A person will answer shortly." />}
              {action.type === 'snooze' && (
                <NumberInput aria-label={`Minutes of action ${n}`} value={action.minutes} min={1} onChange={(minutes) => set(index, { ...action, minutes: typeof minutes === 'number' ? minutes : 60 })} suffix=" minutes" />
              )}
              {action.type === 'suggest_articles' && (
                <MultiSelect
                  aria-label={`Articles of action ${n}`}
                  data={articleOptions}
                  value={action.articleIds}
                  onChange={(articleIds) => set(index, { ...action, articleIds })}
                  placeholder={articleOptions.length ? 'Articles and videos' : 'No articles yet: add them in Settings → Knowledge'}
                  searchable
                  comboboxProps={{ withinPortal: true }}
                />
              )}
              {action.type === 'notify' && (
                <Stack gap={6}>
                  <MultiSelect aria-label={`People to notify in action ${n}`} data={memberOptions} value={action.memberIds} onChange={(memberIds) => set(index, { ...action, memberIds })} placeholder="People" searchable comboboxProps={{ withinPortal: true }} />
                  <MultiSelect aria-label={`Teams to notify in action ${n}`} data={teamOptions} value={action.teamIds ?? []} onChange={(teamIds) => set(index, { ...action, teamIds })} placeholder="Teams" searchable comboboxProps={{ withinPortal: true }} />
                  <TextInput aria-label={`Message of action ${n}`} value={action.message ?? ''} onChange={(event) => set(index, { ...action, message: event.currentTarget.value || undefined })} placeholder="Message (optional)" />
                </Stack>
              )}
            </div>
            <Tooltip label="Remove action" withArrow>
              <ActionIcon variant="subtle" color="gray" onClick={() => onChange(value.filter((_, i) => i !== index))} aria-label={`Remove action ${n}`} mt={4}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        );
      })}
      <Group>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...value, blank(value.some((a) => a.type === 'assign_team') ? 'set_priority' : 'assign_team')])}>
          Add action
        </Button>
      </Group>
    </Stack>
  );
}
