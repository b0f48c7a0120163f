// A web chat channel's settings: how the widget looks and greets, the pre-chat form, what it says when
// nobody is online, which sites may embed it, and the one script tag to paste into them.
import { Alert, Button, Checkbox, Code, ColorInput, CopyButton, Grid, Group, SegmentedControl, Stack, Switch, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, fieldErrors } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { useDeleteChannel, useUpdateChannel, webchatConfigOf, type Channel, type WebchatConfig } from './api';
import { WidgetPreview } from './widget-preview';

export function WebchatEditor({ channel, canManage }: { channel: Channel; canManage: boolean }) {
  const [name, setName] = useState(channel.name);
  const [config, setConfig] = useState<WebchatConfig>(() => webchatConfigOf(channel));
  const [enabled, setEnabled] = useState(channel.enabled);
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  const set = <K extends keyof WebchatConfig>(key: K, value: WebchatConfig[K]) => setConfig((current) => ({ ...current, [key]: value }));
  const errors = fieldErrors(update.error);
  const fieldError = (key: keyof WebchatConfig) => errors[key] ?? errors[`config.${key}`];

  const save = () =>
    update.mutate(
      { id: channel.id, patch: { name, enabled, config } },
      { onSuccess: () => notifications.show({ color: 'teal', message: `${name} saved; open widgets use it from their next connection.` }) },
    );

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <Group justify="space-between" align="center">
            <Title order={3} fz={18}>
              {channel.name}
            </Title>
            {canManage && (
              <ConfirmActionButton
                icon={<IconTrash size={16} />}
                tooltip="Remove this channel"
                title={`Remove ${channel.name}?`}
                confirmLabel="Remove channel"
                onConfirm={() => remove.mutateAsync(channel.id)}
                onCancel={() => remove.reset()}
                pending={remove.isPending}
                error={remove.error ? errorMessage(remove.error) : null}
              >
                The widget stops working on every site that embeds it, and its conversations are removed from the inbox. Contacts and their timelines stay.
              </ConfirmActionButton>
            )}
          </Group>
          {channel.widget && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Paste this into every page of your site, before &lt;/body&gt;
              </Text>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="widget-snippet">
                  {channel.widget.snippet}
                </Code>
                <CopyButton value={channel.widget.snippet}>
                  {({ copied, copy }) => (
                    <Button variant="light" size="xs" onClick={copy} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          )}
          <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack gap="sm">
              <Group grow align="flex-start">
                <TextInput label="Channel name" description="Only your team sees it" value={name} onChange={(event) => setName(event.currentTarget.value)} maxLength={200} />
                <TextInput label="Widget title" value={config.title} onChange={(event) => set('title', event.currentTarget.value)} error={fieldError('title')} maxLength={80} />
              </Group>
              <Group grow align="flex-start">
                <ColorInput label="Colour" value={config.color} onChange={(value) => set('color', value)} format="hex" error={fieldError('color')} swatches={['#1c7ed6', '#0ca678', '#e8590c', '#8c5e3c', '#7048e8', '#212529']} />
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    Position
                  </Text>
                  <SegmentedControl value={config.position} onChange={(value) => set('position', value as 'left' | 'right')} data={[{ value: 'left', label: 'Bottom left' }, { value: 'right', label: 'Bottom right' }]} />
                </Stack>
              </Group>
              <Textarea label="Greeting" value={config.greeting} onChange={(event) => set('greeting', event.currentTarget.value)} autosize minRows={2} maxLength={500} error={fieldError('greeting')} />
              <Checkbox.Group
                label="Pre-chat form"
                description="Ask before the visitor writes; an email lets you answer after they leave and links them to their contact"
                value={config.prechatFields}
                onChange={(value) => set('prechatFields', (['name', 'email'] as const).filter((field) => value.includes(field)))}
              >
                <Group mt={6}>
                  <Checkbox value="name" label="Name" />
                  <Checkbox value="email" label="Email" />
                </Group>
              </Checkbox.Group>
              <Textarea label="When nobody is online" description="Shown when no agent's status is online; the message is still taken" value={config.offlineMessage} onChange={(event) => set('offlineMessage', event.currentTarget.value)} autosize minRows={2} maxLength={500} />
              <Switch label="When nobody is online, ask for an email to answer at" checked={config.askEmailWhenOffline} onChange={(event) => set('askEmailWhenOffline', event.currentTarget.checked)} />
              <Switch label="Visitors can send files (images, PDF, text; up to 5 MB)" checked={config.allowAttachments} onChange={(event) => set('allowAttachments', event.currentTarget.checked)} />
              <TagsInput
                label="Sites allowed to show the chat"
                description="Origins like https://shop.example.com; empty: any site"
                value={config.allowedOrigins}
                onChange={(value) => set('allowedOrigins', value)}
                error={fieldError('allowedOrigins') ?? Object.entries(errors).find(([key]) => key.startsWith('config.allowedOrigins'))?.[1]}
                clearable
              />
              <Switch label="Enabled" description="A disabled chat does not open on any site" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
              {update.error && Object.keys(errors).length === 0 && (
                <Alert color="red" variant="light">
                  {errorMessage(update.error)}
                </Alert>
              )}
              {canManage && (
                <Group>
                  <Button onClick={save} loading={update.isPending}>
                    Save
                  </Button>
                </Group>
              )}
            </Stack>
          </fieldset>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Text size="sm" fw={500} mb={6}>
          Preview
        </Text>
        <WidgetPreview config={config} />
      </Grid.Col>
    </Grid>
  );
}
