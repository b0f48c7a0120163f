// The composer outside WhatsApp's 24-hour customer-service window: why free text cannot go out, and
// the channel's approved message templates — search, pick one, fill its variables with the message
// previewed as the customer will read it, send.
import { Alert, Badge, Box, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockExclamation, IconRefresh, IconSearch, IconTemplate } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { listWhatsAppTemplates, sendWhatsAppTemplate, syncWhatsAppTemplates, type Message, type TemplateVariables, type WhatsAppTemplate } from './api';
import { inboxKey } from './hooks';

type Props = { conversationId: string; channelId: string; closesAt: string | null };

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const componentText = (template: WhatsAppTemplate, type: string) => {
  const component = template.components.find((candidate) => String(candidate.type).toUpperCase() === type);
  return typeof component?.text === 'string' ? component.text : '';
};

/** The template as the customer will read it: filled variables in place, empty ones still {{shown}}. */
function preview(template: WhatsAppTemplate, values: TemplateVariables): string {
  const fill = (text: string, given: Record<string, string> = {}) => text.replace(VARIABLE, (token, name: string) => given[name]?.trim() || token);
  const header = template.headerMedia ? `[${template.headerMedia}]` : fill(componentText(template, 'HEADER'), values.header);
  return [header, fill(componentText(template, 'BODY'), values.body), componentText(template, 'FOOTER')].filter((part) => part.trim()).join('\n\n');
}

const missingOf = (template: WhatsAppTemplate, values: TemplateVariables) => [
  ...template.variables.filter((variable) => !values[variable.component]?.[variable.name]?.trim()).map((variable) => (variable.component === 'button' ? `{{1}} in the link of "${variable.button}"` : `{{${variable.name}}} of the ${variable.component}`)),
  ...(template.headerMedia && !values.headerMediaUrl?.trim() ? [`the header's ${template.headerMedia} link`] : []),
];

export function TemplatePicker({ conversationId, channelId, closesAt }: Props) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<WhatsAppTemplate | null>(null);
  const [values, setValues] = useState<TemplateVariables>({});
  const clientMessageId = useRef(crypto.randomUUID());

  const templates = useQuery({
    queryKey: inboxKey(workspace.id, 'whatsapp-templates', channelId, search),
    queryFn: () => listWhatsAppTemplates(workspace.id, channelId, search.trim()),
    staleTime: 60_000,
  });
  const sync = useMutation({
    mutationFn: () => syncWhatsAppTemplates(workspace.id, channelId),
    onSuccess: (result) => {
      notifications.show({ message: `${result.stored} template${result.stored === 1 ? '' : 's'} synced from WhatsApp.` });
      void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'whatsapp-templates', channelId) });
    },
    onError: (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const send = useMutation({
    mutationFn: (template: WhatsAppTemplate) => sendWhatsAppTemplate(workspace.id, conversationId, { templateId: template.id, variables: values, clientMessageId: clientMessageId.current }),
    onSuccess: (message: Message) => {
      queryClient.setQueryData<Message[]>(inboxKey(workspace.id, 'messages', conversationId), (current) => (current ? [...current.filter((row) => row.id !== message.id), message] : [message]));
      setChosen(null);
      setValues({});
      clientMessageId.current = crypto.randomUUID();
    },
    onError: (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });

  // Another conversation: nothing chosen.
  useEffect(() => {
    setChosen(null);
    setValues({});
  }, [conversationId]);

  const setValue = (component: 'header' | 'body' | 'button', name: string, value: string) => setValues((current) => ({ ...current, [component]: { ...current[component], [name]: value } }));
  const missing = chosen ? missingOf(chosen, values) : [];
  const closed = closesAt ? new Date(closesAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : null;

  return (
    <Box data-testid="template-picker">
      <Alert color="orange" variant="light" py={6} mb={8} icon={<IconClockExclamation size={16} />} data-testid="window-closed">
        <Text size="xs">
          {closed
            ? `The customer last wrote more than 24 hours ago (the window closed ${closed}). WhatsApp only delivers an approved template until they write again.`
            : 'The customer has not written on WhatsApp yet: only an approved template can start the conversation.'}
        </Text>
      </Alert>
      {chosen ? (
        <Stack gap={6}>
          <Group justify="space-between">
            <Group gap={6}>
              <IconTemplate size={16} />
              <Text size="sm" fw={600}>
                {chosen.name}
              </Text>
              <Badge size="xs" variant="light">
                {chosen.language}
              </Badge>
              <Badge size="xs" variant="outline">
                {chosen.category.toLowerCase()}
              </Badge>
            </Group>
            <Button size="compact-xs" variant="subtle" onClick={() => setChosen(null)}>
              Choose another
            </Button>
          </Group>
          {chosen.headerMedia && (
            <TextInput size="xs" label={`Header ${chosen.headerMedia} link`} placeholder="https://…" value={values.headerMediaUrl ?? ''} onChange={(event) => setValues((current) => ({ ...current, headerMediaUrl: event.currentTarget.value }))} />
          )}
          <SimpleGrid cols={2} spacing={8} verticalSpacing={4}>
            {chosen.variables.map((variable) => (
              <TextInput
                key={`${variable.component}.${variable.name}`}
                size="xs"
                label={variable.component === 'button' ? `{{1}} in the link of "${variable.button}"` : `{{${variable.name}}} in the ${variable.component}`}
                placeholder={variable.example ? `e.g. ${variable.example}` : undefined}
                value={values[variable.component]?.[variable.name] ?? ''}
                onChange={(event) => setValue(variable.component, variable.name, event.currentTarget.value)}
              />
            ))}
          </SimpleGrid>
          <Paper withBorder p={8} radius="md" bg="var(--mantine-color-green-light)" aria-label="Preview" data-testid="template-preview">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {preview(chosen, values)}
            </Text>
          </Paper>
          <Group justify="space-between">
            <Text size="xs" c={missing.length ? 'orange' : 'dimmed'}>
              {missing.length ? `Fill ${missing.join(', ')}.` : 'Ready to send.'}
            </Text>
            <Button size="xs" onClick={() => send.mutate(chosen)} loading={send.isPending} disabled={missing.length > 0}>
              Send template
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap={6}>
          <Group gap={6} wrap="nowrap">
            <TextInput size="xs" flex={1} leftSection={<IconSearch size={14} />} placeholder="Search templates" aria-label="Search templates" value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => sync.mutate()} loading={sync.isPending}>
              Sync
            </Button>
          </Group>
          <ScrollArea.Autosize mah={180}>
            {templates.isError ? (
              <Text size="xs" c="red">
                {errorMessage(templates.error)}
              </Text>
            ) : (templates.data ?? []).length === 0 ? (
              <Text size="xs" c="dimmed" p={6}>
                {templates.isFetching ? 'Loading templates…' : search ? 'No approved template matches.' : 'No approved templates yet: sync them from WhatsApp.'}
              </Text>
            ) : (
              (templates.data ?? []).map((template) => (
                <UnstyledButton key={template.id} w="100%" px={8} py={4} style={{ borderRadius: 6 }} onClick={() => setChosen(template)} aria-label={`Template ${template.name} (${template.language})`}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {template.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {template.language}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {componentText(template, 'BODY')}
                  </Text>
                </UnstyledButton>
              ))
            )}
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Box>
  );
}
