// The settings and credentials of a messaging or email channel, for connecting a new one and for
// changing one. Credentials are write-only: a stored one shows as "••• stored" with a Replace button
// and is never read back; a made-up verify/secret token is shown while it is typed, so it can be
// pasted into the platform.
import { ActionIcon, Alert, Button, Group, NumberInput, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, fieldErrors } from '../../lib/api';
import { dayjs } from '../../lib/dates';
import { useCreateChannel, useUpdateChannel, type Channel } from './api';
import { generateToken, type FieldSpec, type PlatformSpec } from './platforms';

type Value = string | number | boolean;

/** What the form just stored that the webhook panel may show once: the made-up token. */
export type JustStored = { channel: Channel; generatedToken: string | null };

const initialConfig = (platform: PlatformSpec, channel?: Channel): Record<string, Value> =>
  Object.fromEntries(platform.config.map((field) => [field.key, (channel?.config[field.key] as Value | undefined) ?? field.defaultValue ?? (field.kind === 'boolean' ? false : '')]));

const dateOf = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');

export function ChannelSettingsForm({ platform, channel, canManage = true, onStored, onCancel }: { platform: PlatformSpec; channel?: Channel; canManage?: boolean; onStored: (stored: JustStored) => void; onCancel?: () => void }) {
  const [name, setName] = useState(channel?.name ?? platform.label);
  const [config, setConfig] = useState(() => initialConfig(platform, channel));
  const stored = new Set(channel?.storedCredentials ?? []);
  const [credentials, setCredentials] = useState<Record<string, string>>(() =>
    channel ? {} : Object.fromEntries(platform.credentials.filter((field) => field.generated).map((field) => [field.key, generateToken()])),
  );
  const [replacing, setReplacing] = useState<Set<string>>(new Set());
  const [expiry, setExpiry] = useState(dateOf(channel?.tokenExpiresAt));
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const mutation = channel ? update : create;
  const errors = fieldErrors(mutation.error);

  const editable = (field: FieldSpec) => !channel || !stored.has(field.key) || replacing.has(field.key);

  const submit = () => {
    const configOut: Record<string, unknown> = { ...(channel?.config ?? {}) };
    for (const field of platform.config) {
      const value = config[field.key];
      if (value === '' || value === undefined) delete configOut[field.key];
      else configOut[field.key] = field.kind === 'number' ? Number(value) : value;
    }
    const credentialsOut = Object.fromEntries(Object.entries(credentials).filter(([, value]) => value.trim() !== ''));
    const generated = platform.credentials.find((field) => field.generated && credentialsOut[field.key]);
    const expiryChanged = expiry !== dateOf(channel?.tokenExpiresAt);
    const tokenExpiresAt = expiry ? dayjs(`${expiry}T00:00:00`).toISOString() : null;
    const done = (saved: Channel) => {
      setReplacing(new Set());
      setCredentials({});
      onStored({ channel: saved, generatedToken: generated ? credentialsOut[generated.key]! : null });
    };
    if (channel) {
      update.mutate(
        {
          id: channel.id,
          patch: { name, config: configOut, ...(Object.keys(credentialsOut).length ? { credentials: credentialsOut } : {}), ...(platform.tokenExpires && expiryChanged ? { tokenExpiresAt } : {}) },
        },
        { onSuccess: done },
      );
    } else {
      create.mutate({ type: platform.type, name, config: configOut, credentials: credentialsOut, ...(platform.tokenExpires && expiry ? { tokenExpiresAt } : {}) }, { onSuccess: done });
    }
  };

  const setField = (key: string, value: Value) => setConfig((current) => ({ ...current, [key]: value }));
  const configField = (field: FieldSpec) => {
    const common = { label: field.label, description: field.help, required: field.required ?? false, error: errors[field.key] ?? errors[`config.${field.key}`], key: field.key };
    if (field.kind === 'boolean') return <Switch {...common} checked={Boolean(config[field.key])} onChange={(event) => setField(field.key, event.currentTarget.checked)} mt="xs" />;
    if (field.kind === 'number') return <NumberInput {...common} value={config[field.key] as number | string} onChange={(value) => setField(field.key, value)} min={1} max={65535} />;
    return <TextInput {...common} placeholder={field.placeholder} value={String(config[field.key] ?? '')} onChange={(event) => setField(field.key, event.currentTarget.value)} maxLength={field.key === 'apiBaseUrl' ? 500 : 320} />;
  };

  const credentialField = (field: FieldSpec) => {
    const error = errors[field.key] ?? errors[`credentials.${field.key}`];
    if (!editable(field)) {
      return (
        <TextInput
          key={field.key}
          label={field.label}
          description={field.help}
          value="••••••••  stored"
          readOnly
          aria-label={`${field.label} (stored)`}
          rightSectionWidth={90}
          rightSection={
            canManage ? (
              <Button size="compact-xs" variant="light" onClick={() => {
                  setReplacing((current) => new Set(current).add(field.key));
                  if (field.generated) setCredentials((current) => ({ ...current, [field.key]: generateToken() }));
                }} aria-label={`Replace ${field.label}`}>
                Replace
              </Button>
            ) : undefined
          }
        />
      );
    }
    const set = (value: string) => setCredentials((current) => ({ ...current, [field.key]: value }));
    if (field.generated) {
      return (
        <TextInput
          key={field.key}
          label={field.label}
          description={field.help}
          required={field.required && !stored.has(field.key)}
          value={credentials[field.key] ?? ''}
          onChange={(event) => set(event.currentTarget.value)}
          error={error}
          ff="monospace"
          rightSection={
            <Tooltip label="Make up another" withArrow>
              <ActionIcon variant="subtle" onClick={() => set(generateToken())} aria-label={`New ${field.label}`}>
                <IconRefresh size={16} />
              </ActionIcon>
            </Tooltip>
          }
        />
      );
    }
    return (
      <PasswordInput
        key={field.key}
        label={field.label}
        description={field.help}
        required={field.required && !stored.has(field.key)}
        placeholder={stored.has(field.key) ? 'The new value' : undefined}
        value={credentials[field.key] ?? ''}
        onChange={(event) => set(event.currentTarget.value)}
        error={error}
        autoComplete="off"
      />
    );
  };

  const shownErrors = Object.keys(errors).length > 0;
  return (
    <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
      <Stack gap="md">
        <TextInput label="Channel name" description="Only your team sees it" value={name} onChange={(event) => setName(event.currentTarget.value)} maxLength={200} />
        <Title order={4} fz={15}>
          Settings
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          {platform.config.map(configField)}
        </SimpleGrid>
        <Title order={4} fz={15}>
          Credentials
        </Title>
        <Text size="xs" c="dimmed" mt={-8}>
          Stored encrypted; nobody can read them back, not even admins. Replace one to change it.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          {platform.credentials.map(credentialField)}
          {platform.tokenExpires && (
            <TextInput
              type="date"
              label="Access token expires on"
              description="Meta shows it in the Access Token Debugger (developers.facebook.com/tools/debug/accesstoken). Admins are told a week before. Empty: it does not expire."
              value={expiry}
              onChange={(event) => setExpiry(event.currentTarget.value)}
              error={errors.tokenExpiresAt}
            />
          )}
        </SimpleGrid>
        {mutation.error && !shownErrors && (
          <Alert color="red" variant="light">
            {errorMessage(mutation.error)}
          </Alert>
        )}
        {canManage && (
          <Group>
            <Button onClick={submit} loading={mutation.isPending}>
              {channel ? 'Save' : `Connect ${platform.label}`}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </fieldset>
  );
}
