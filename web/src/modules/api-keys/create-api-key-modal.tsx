import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../lib/api';
import { SecretField } from '../../ui/secret-field';
import type { ApiKeyScope, CreatedApiKey } from './api';
import { useCreateApiKey } from './hooks';

/** Mount only while open: the key lives in this component's state and is gone once it closes. */
export function CreateApiKeyModal({ onClose }: { onClose: () => void }) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>{created ? 'Copy your new API key' : 'Create an API key'}</Text>}
      centered
      size="lg"
      // Closing by accident would lose the key for good, so once shown only the button closes it.
      closeOnClickOutside={!created}
    >
      {created ? <ApiKeyCreated apiKey={created} onClose={onClose} /> : <ApiKeyForm onCreated={setCreated} onCancel={onClose} />}
    </Modal>
  );
}

function ApiKeyForm({ onCreated, onCancel }: { onCreated: (key: CreatedApiKey) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('read');
  const create = useCreateApiKey();
  const errors = fieldErrors(create.error);
  const general = formError(create.error, ['name', 'scopes']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes: [scope] }, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
        <TextInput
          label="Name"
          placeholder="e.g. Data warehouse sync"
          description="Say what uses the key, so you know what breaks if you revoke it."
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
        />
        <Radio.Group label="Access" value={scope} onChange={(value) => setScope(value === 'all' ? 'all' : 'read')} error={errors.scopes}>
          <Stack gap="sm" mt="xs">
            <Radio value="read" label="Read only" description="Can read workspace data, members, teams and the audit log." />
            <Radio value="all" label="Full access" description="Can read and change everything an admin can, except owner-only actions." />
          </Stack>
        </Radio.Group>
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>
            Create API key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ApiKeyCreated({ apiKey, onClose }: { apiKey: CreatedApiKey; onClose: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="You won't see this key again">
        Copy it now and store it somewhere safe, such as your secrets manager. Parley keeps only a hash of it.
      </Alert>
      <SecretField value={apiKey.key} label="API key" testId="api-key-secret" />
      <Text size="sm" c="dimmed">
        Send it as <code>Authorization: Bearer &lt;key&gt;</code>. The key acts only in this workspace.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onClose}>I have copied the key</Button>
      </Group>
    </Stack>
  );
}
