import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorCode, fieldErrors, formError, type ApiError } from '../../lib/api';
import { useCompanyOptions } from '../companies/hooks';
import { useMemberOptions } from '../members/hooks';
import type { ContactDetail } from './api';
import { channelLabels, IDENTITY_CHANNELS, isOneOf, LIFECYCLE_STAGES, lifecycleLabels, type IdentityChannel, type LifecycleStage } from './constants';
import { useCreateContact } from './hooks';

const SOCIAL = IDENTITY_CHANNELS.filter((channel) => channel !== 'email' && channel !== 'phone');

/** Creates a contact by hand. Mount only while open so each opening starts empty. */
export function NewContactModal({ onClose, onCreated }: { onClose: () => void; onCreated: (contact: ContactDetail) => void }) {
  const create = useCreateContact();
  const members = useMemberOptions();
  const companies = useCompanyOptions();
  const [form, setForm] = useState({ name: '', email: '', phone: '', jobTitle: '', companyId: null as string | null, ownerMemberId: null as string | null, lifecycleStage: 'lead' as LifecycleStage, tags: [] as string[], channel: 'instagram' as IdentityChannel, handle: '' });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((current) => ({ ...current, [key]: value }));
  const errors = fieldErrors(create.error);
  const taken = errorCode(create.error) === 'contact.identity_taken' ? ((create.error as ApiError).details.contactId as string | undefined) : undefined;
  const general = taken ? null : formError(create.error, ['name', 'email', 'phone', 'jobTitle']);
  const empty = !form.name.trim() && !form.email.trim() && !form.phone.trim() && !form.handle.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: form.name.trim() || undefined,
        email: form.email.trim() || null,
        phone: form.phone.trim() || null,
        jobTitle: form.jobTitle.trim() || null,
        companyId: form.companyId,
        ownerMemberId: form.ownerMemberId,
        lifecycleStage: form.lifecycleStage,
        tags: form.tags,
        identities: form.handle.trim() ? [{ channel: form.channel, handle: form.handle.trim().replace(/^@/, '') }] : undefined,
      },
      {
        onSuccess: (contact) => {
          notifications.show({ color: 'teal', message: `${contact.name} was added.` });
          onCreated(contact);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="New contact" size="lg" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          {taken && (
            <Alert color="yellow" variant="light" role="alert" title="This person is already a contact">
              {create.error?.message}{' '}
              <Link to={`/contacts/${taken}`} onClick={onClose}>
                Open that contact
              </Link>
            </Alert>
          )}
          <TextInput label="Name" placeholder="e.g. Jane Doe" value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Email" type="email" value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} />
            <TextInput label="Phone" placeholder="+1 415 555 0100" value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={errors.phone} />
            <TextInput label="Job title" value={form.jobTitle} onChange={(e) => set('jobTitle', e.currentTarget.value)} error={errors.jobTitle} />
            <Select label="Company" placeholder="None" searchable clearable data={(companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={form.companyId} onChange={(value) => set('companyId', value)} />
            <Select
              label="Lifecycle stage"
              data={LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: lifecycleLabels[stage] }))}
              value={form.lifecycleStage}
              allowDeselect={false}
              onChange={(value) => isOneOf(LIFECYCLE_STAGES, value) && set('lifecycleStage', value)}
            />
            <Select label="Owner" placeholder="Nobody" clearable searchable data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))} value={form.ownerMemberId} onChange={(value) => set('ownerMemberId', value)} />
          </SimpleGrid>
          <Group gap="sm" align="flex-end" grow>
            <Select label="Social network" data={SOCIAL.map((channel) => ({ value: channel, label: channelLabels[channel] }))} value={form.channel} allowDeselect={false} onChange={(value) => isOneOf(IDENTITY_CHANNELS, value) && set('channel', value)} />
            <TextInput label="Handle" placeholder="@handle" value={form.handle} onChange={(e) => set('handle', e.currentTarget.value)} />
          </Group>
          <TagsInput label="Tags" description="Press Enter after each tag" value={form.tags} onChange={(value) => set('tags', value)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={empty}>
              Create contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
