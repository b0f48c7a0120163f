import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../../lib/api';
import { useCompanyOptions } from '../../companies/hooks';
import type { ContactDetail } from '../api';
import { useUpdateContact } from '../hooks';

const FIELDS = ['name', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'location', 'language', 'bio'] as const;

export function EditContactModal({ contact, onClose }: { contact: ContactDetail; onClose: () => void }) {
  const update = useUpdateContact(contact.id);
  const companies = useCompanyOptions();
  const [form, setForm] = useState(() => Object.fromEntries(FIELDS.map((field) => [field, contact[field] ?? ''])) as Record<(typeof FIELDS)[number], string>);
  const [companyId, setCompanyId] = useState(contact.companyId);
  const [communityMember, setCommunityMember] = useState(contact.signals.communityMember);
  const errors = fieldErrors(update.error);
  const general = formError(update.error, [...FIELDS]);
  const field = (key: (typeof FIELDS)[number], label: string, extra: { type?: string; placeholder?: string } = {}) => (
    <TextInput label={label} value={form[key]} onChange={(e) => { const value = e.currentTarget.value; setForm((f) => ({ ...f, [key]: value })); }} error={errors[key]} {...extra} />
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nullable = (value: string) => value.trim() || null;
    update.mutate(
      {
        name: form.name.trim() || undefined,
        firstName: nullable(form.firstName),
        lastName: nullable(form.lastName),
        email: nullable(form.email),
        phone: nullable(form.phone),
        jobTitle: nullable(form.jobTitle),
        location: nullable(form.location),
        language: nullable(form.language),
        bio: nullable(form.bio),
        companyId,
        communityMember,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Contact saved.' });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="Edit contact" size="lg" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          {field('name', 'Display name')}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {field('firstName', 'First name')}
            {field('lastName', 'Last name')}
            {field('email', 'Email', { type: 'email' })}
            {field('phone', 'Phone', { placeholder: '+1 415 555 0100' })}
            {field('jobTitle', 'Job title')}
            <Select label="Company" placeholder="None" clearable searchable data={(companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={companyId} onChange={setCompanyId} />
            {field('location', 'Location')}
            {field('language', 'Language', { placeholder: 'e.g. en' })}
          </SimpleGrid>
          <Textarea label="Bio" autosize minRows={2} maxRows={6} value={form.bio} onChange={(e) => { const value = e.currentTarget.value; setForm((f) => ({ ...f, bio: value })); }} error={errors.bio} />
          <Switch label="Community member" checked={communityMember} onChange={(e) => setCommunityMember(e.currentTarget.checked)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
