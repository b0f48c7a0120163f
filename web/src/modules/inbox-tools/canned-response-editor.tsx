import { Alert, Badge, Button, Code, Grid, Group, Menu, Modal, Paper, ScrollArea, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBraces, IconChevronDown } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { errorCode, errorMessage, fieldErrors, formError } from '../../lib/api';
import { usePendingCaret } from '../../lib/use-pending-caret';
import { useTeams } from '../teams/hooks';
import type { CannedResponse, TemplateVariable } from './api';
import { useCannedResponsePreview, useSaveCannedResponse } from './hooks';

/** The picker's groups: what a variable is about, by its first word. */
const groupOf = (name: string) => (name.startsWith('contact.custom.') ? 'Custom fields' : name.startsWith('contact.') ? 'Contact' : name.startsWith('agent.') ? 'You (the agent)' : 'Conversation and workspace');

function VariablePicker({ variables, onPick }: { variables: TemplateVariable[]; onPick: (name: string) => void }) {
  const groups = [...new Set(variables.map((variable) => groupOf(variable.name)))];
  return (
    <Menu position="bottom-end" width={340} shadow="md" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="light" leftSection={<IconBraces size={14} />} rightSection={<IconChevronDown size={14} />}>
          Insert variable
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <ScrollArea.Autosize mah={320}>
          {groups.map((group) => (
            <div key={group}>
              <Menu.Label>{group}</Menu.Label>
              {variables
                .filter((variable) => groupOf(variable.name) === group)
                .map((variable) => (
                  <Menu.Item key={variable.name} onClick={() => onPick(variable.name)}>
                    <Text size="sm" ff="monospace">{`{{${variable.name}}}`}</Text>
                    <Text size="xs" c="dimmed">{variable.description}</Text>
                  </Menu.Item>
                ))}
            </div>
          ))}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Creates or edits a canned response beside a live preview against a sample contact. Mount only while open. */
export function CannedResponseEditor({ response, onClose }: { response?: CannedResponse; onClose: () => void }) {
  const save = useSaveCannedResponse();
  const teams = useTeams();
  const [name, setName] = useState(response?.name ?? '');
  const [shortcut, setShortcut] = useState(response?.shortcut ?? '');
  const [teamId, setTeamId] = useState<string | null>(response?.teamId ?? null);
  const [body, setBody] = useState(response?.body ?? '');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const placeCaret = usePendingCaret(bodyRef);
  const [debouncedBody] = useDebouncedValue(body, 250);
  const preview = useCannedResponsePreview(debouncedBody);
  const problems = preview.data?.problems ?? [];
  const errors = fieldErrors(save.error);
  const code = errorCode(save.error);
  const general = code === 'canned_response.shortcut_taken' || code === 'canned_response.unknown_variable' ? null : formError(save.error, ['name', 'shortcut', 'body', 'teamId']);

  const insertVariable = (variable: string) => {
    const textarea = bodyRef.current;
    const token = `{{${variable}}}`;
    const start = textarea?.selectionStart ?? body.length;
    const end = textarea?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    placeCaret(start + token.length);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { id: response?.id ?? null, input: { name: name.trim(), shortcut: shortcut.trim(), body, teamId } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: `Canned response “${saved.name}” ${response ? 'saved' : 'created'}.` });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={response ? 'Edit canned response' : 'New canned response'} size="xl" centered>
      <form onSubmit={submit}>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="sm">
              {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
              <TextInput label="Name" placeholder="e.g. Refund policy" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
              <Group grow align="flex-start">
                <TextInput
                  label="Shortcut"
                  description="Type /shortcut in the composer"
                  placeholder="refund"
                  leftSection={<Text size="sm" c="dimmed">/</Text>}
                  required
                  value={shortcut}
                  onChange={(e) => setShortcut(e.currentTarget.value.replace(/^\//, '').replace(/\s/g, '-'))}
                  error={code === 'canned_response.shortcut_taken' ? 'Another canned response uses this shortcut.' : errors.shortcut}
                />
                <Select
                  label="Offered to"
                  description="Everyone, or one team only"
                  placeholder="Everyone"
                  clearable
                  data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
                  value={teamId}
                  onChange={setTeamId}
                  error={errors.teamId}
                />
              </Group>
              <div>
                <Group justify="space-between" align="flex-end" mb={4}>
                  <Text size="sm" fw={500}>Text</Text>
                  <VariablePicker variables={preview.data?.variables ?? []} onPick={insertVariable} />
                </Group>
                <Textarea
                  ref={bodyRef}
                  aria-label="Text"
                  placeholder={'Hi {{contact.first_name | "there"}}, thanks for reaching out…'}
                  autosize
                  minRows={6}
                  maxRows={14}
                  required
                  value={body}
                  onChange={(e) => setBody(e.currentTarget.value)}
                  error={code === 'canned_response.unknown_variable' ? errorMessage(save.error) : errors.body}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                />
                <Text size="xs" c="dimmed" mt={4}>
                  A value that may be missing can have a fallback: <Code>{'{{contact.first_name | "there"}}'}</Code>. Markdown and HTML are sent as written.
                </Text>
              </div>
              {problems.length > 0 && (
                <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />} title={problems.length === 1 ? 'One variable will not work' : `${problems.length} variables will not work`} role="status" data-testid="variable-problems">
                  <Stack gap={4}>
                    {problems.map((problem) => (
                      <Text size="sm" key={`${problem.line}:${problem.column}`}>
                        Line {problem.line}, column {problem.column}: {problem.message}. {problem.hint}
                      </Text>
                    ))}
                  </Stack>
                </Alert>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Text size="sm" fw={500} mb={4}>Preview</Text>
            <Paper withBorder radius="md" p="md" bg="var(--mantine-color-gray-light)" aria-label="Preview">
              <Group gap={6} mb="xs">
                <Badge size="sm" variant="light">Sample contact: Jo Example</Badge>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="canned-preview">
                {body.trim() ? (preview.data?.text ?? '…') : <Text span c="dimmed" size="sm">The text as the customer will read it shows here.</Text>}
              </Text>
            </Paper>
            <Text size="xs" c="dimmed" mt="xs">
              Filled with a sample contact and your own name. In a conversation, the contact&apos;s real details are used.
            </Text>
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" gap="sm" mt="lg">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim() || !shortcut.trim() || !body.trim() || problems.length > 0}>
            {response ? 'Save canned response' : 'Create canned response'}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
