import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, ThemeIcon, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../../lib/api';
import type { CreatedSource, Source } from './api';
import { useCreateSource, useUpdateSource } from './hooks';
import { healthSentence } from './source-health';
import { configOf, defaultValues, SOURCE_TYPES, sourceTypeSpec, valuesOf, type FieldSpec, type FieldValue, type SourceTypeSpec } from './source-types';
import classes from './source-type-picker.module.css';
import { WebhookDetails } from './webhook-secret';

function TypePicker({ onPick }: { onPick: (spec: SourceTypeSpec) => void }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
      {SOURCE_TYPES.map((spec) => (
        <UnstyledButton key={spec.type} className={classes.card} onClick={() => onPick(spec)} aria-label={spec.label}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" color={spec.color} size={36} radius="md">
              <spec.icon size={20} />
            </ThemeIcon>
            <div>
              <Text fw={600} size="sm">
                {spec.label}
              </Text>
              <Text size="xs" c="dimmed">
                {spec.summary}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}

function ConfigField({ field, value, error, onChange }: { field: FieldSpec; value: FieldValue | undefined; error?: string; onChange: (value: FieldValue) => void }) {
  const common = { label: field.label, description: field.description, placeholder: field.placeholder, required: field.required, error };
  switch (field.kind) {
    case 'boolean':
      return <Checkbox label={field.label} description={field.description} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
    case 'select':
      return <Select {...common} data={field.options ?? []} value={typeof value === 'string' ? value : null} onChange={(next) => next && onChange(next)} allowDeselect={false} />;
    case 'number':
      return <NumberInput {...common} value={typeof value === 'string' ? value : ''} onChange={(next) => onChange(String(next))} min={1} max={1440} allowDecimal={false} />;
    default:
      return <TextInput {...common} type={field.kind === 'url' ? 'url' : 'text'} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value)} />;
  }
}

type SourceFormModalProps = { source: Source | null; onClose: () => void };

/** Add a source (pick a type, fill its settings and secrets) or change one; a new webhook shows its secret once. */
export function SourceFormModal({ source, onClose }: SourceFormModalProps) {
  const [spec, setSpec] = useState<SourceTypeSpec | null>(source ? sourceTypeSpec(source.type) : null);
  const [name, setName] = useState(source?.name ?? '');
  const [values, setValues] = useState<Record<string, FieldValue>>(() => (source ? valuesOf(sourceTypeSpec(source.type), source.config) : {}));
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [replacingCredentials, setReplacingCredentials] = useState(source === null);
  const [created, setCreated] = useState<CreatedSource | null>(null);
  const create = useCreateSource();
  const update = useUpdateSource();
  const mutation = source ? update : create;
  const errors = fieldErrors(mutation.error);

  const pick = (next: SourceTypeSpec) => {
    setSpec(next);
    setValues(defaultValues(next));
    setCredentials({});
    mutation.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!spec) return;
    const config = configOf(spec, values);
    const secrets = Object.fromEntries(Object.entries(credentials).filter(([, value]) => value.trim() !== ''));
    if (source) {
      update.mutate(
        { sourceId: source.id, input: { name: name.trim() || source.name, config, ...(replacingCredentials ? { credentials: secrets } : {}) } },
        {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: 'Source saved.' });
            onClose();
          },
        },
      );
    } else {
      create.mutate(
        { type: spec.type, name: name.trim() || undefined, config, ...(spec.credentials.length > 0 ? { credentials: secrets } : {}) },
        {
          onSuccess: (result) => {
            if (result.webhookSecret) setCreated(result);
            else {
              notifications.show({ color: 'teal', message: `${result.name} added. Its first poll is queued.` });
              onClose();
            }
          },
        },
      );
    }
  };

  const title = created ? `${created.name} is ready` : source ? `Edit ${source.name}` : spec ? `Add ${spec.label}` : 'Add a source';
  const visibleFields = spec?.fields.filter((field) => !field.when || field.when(values)) ?? [];
  const shown = ['name', ...visibleFields.flatMap((field) => [field.key, `config.${field.key}`]), ...(spec?.credentials.flatMap((field) => [field.key, `credentials.${field.key}`]) ?? [])];

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{title}</Text>} size={spec ? "lg" : "xl"} closeOnClickOutside={!created}>
      {created ? (
        <Stack gap="md">
          <Text size="sm">Send posts from your system to this address, signed with the secret below.</Text>
          <WebhookDetails url={created.webhookUrl ?? ''} secret={created.webhookSecret} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : !spec ? (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Where should Parley listen? Posts from a source are matched against your topics’ queries; those that match become mentions.
          </Text>
          <TypePicker onPick={pick} />
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            {!source && (
              <Button variant="subtle" size="compact-sm" leftSection={<IconChevronLeft size={14} />} onClick={() => setSpec(null)} w="fit-content">
                Another type
              </Button>
            )}
            {source && healthSentence(source) && source.health.lastError && (
              <Alert color="red" variant="light" p="xs" title={healthSentence(source)}>
                <Text size="xs">{source.health.lastError}</Text>
              </Alert>
            )}
            <TextInput label="Name" placeholder={`e.g. ${spec.label} — brand`} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} maxLength={200} data-autofocus />
            {visibleFields.map((field) => (
              <ConfigField key={field.key} field={field} value={values[field.key]} error={errors[`config.${field.key}`] ?? errors[field.key]} onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))} />
            ))}
            {spec.credentials.length > 0 && (
              <Stack gap="xs" mt="xs">
                <Group justify="space-between">
                  <Group gap={6}>
                    <IconKey size={16} />
                    <Text size="sm" fw={600}>
                      Credentials
                    </Text>
                  </Group>
                  {source && !replacingCredentials && (
                    <Button variant="default" size="compact-sm" onClick={() => setReplacingCredentials(true)}>
                      Replace
                    </Button>
                  )}
                </Group>
                {source && !replacingCredentials ? (
                  <Stack gap={4}>
                    {spec.credentials.map((field) => (
                      <Group key={field.key} gap="xs">
                        <Text size="sm" w={140}>
                          {field.label}
                        </Text>
                        {source.credentialFields.includes(field.key) ? (
                          <Badge color="teal" variant="light" size="sm">
                            Set
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light" size="sm">
                            Not set
                          </Badge>
                        )}
                      </Group>
                    ))}
                  </Stack>
                ) : (
                  <>
                    <Text size="xs" c="dimmed">
                      Stored encrypted and never shown again.{source ? ' Enter all of them: they replace the stored ones.' : ''}
                    </Text>
                    {spec.credentials.map((field) => {
                      const Input = field.plain ? TextInput : PasswordInput;
                      return (
                        <Input
                          key={field.key}
                          label={field.label}
                          description={field.description}
                          required={field.required}
                          autoComplete="new-password"
                          value={credentials[field.key] ?? ''}
                          onChange={(event) => {
                            const value = event.currentTarget.value;
                            setCredentials((current) => ({ ...current, [field.key]: value }));
                          }}
                          error={errors[`credentials.${field.key}`] ?? errors[field.key]}
                        />
                      );
                    })}
                  </>
                )}
              </Stack>
            )}
            {source?.webhookUrl && <WebhookDetails url={source.webhookUrl} secret={null} />}
            {formError(mutation.error, shown) && (
              <Alert color="red" variant="light">
                {formError(mutation.error, shown)}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm" mt="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {source ? 'Save' : 'Add source'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
