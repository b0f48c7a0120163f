import { Alert, Button, Group, Modal, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { errorCode, fieldErrors, formError } from '../../lib/api';
import type { CustomValue } from '../contacts/api';
import { CustomFieldInput } from '../contacts/custom-field-input';
import { useCustomFields } from '../contacts/hooks';
import type { Company } from './api';
import { useSaveCompany } from './hooks';

const TEXT_FIELDS = ['name', 'domain', 'website', 'industry', 'size'] as const;

/** Creates a company, or edits one when `company` is given. Mount only while open. */
export function CompanyFormModal({ company, onClose, onSaved }: { company?: Company; onClose: () => void; onSaved?: (company: Company) => void }) {
  const save = useSaveCompany();
  const definitions = useCustomFields('company');
  const [form, setForm] = useState(() => Object.fromEntries(TEXT_FIELDS.map((f) => [f, company?.[f] ?? ''])) as Record<(typeof TEXT_FIELDS)[number], string>);
  const [description, setDescription] = useState(company?.description ?? '');
  const [tags, setTags] = useState(company?.tags ?? []);
  const [custom, setCustom] = useState<Record<string, CustomValue>>(company?.customFields ?? {});
  const errors = fieldErrors(save.error);
  const domainTaken = errorCode(save.error) === 'company.domain_taken';
  const general = domainTaken ? null : formError(save.error, [...TEXT_FIELDS, 'description', ...(definitions.data ?? []).map((d) => `customFields.${d.key}`)]);
  const input = (key: (typeof TEXT_FIELDS)[number], label: string, placeholder?: string) => (
    <TextInput label={label} placeholder={placeholder} required={key === 'name'} value={form[key]} onChange={(e) => { const value = e.currentTarget.value; setForm((f) => ({ ...f, [key]: value })); }} error={key === 'domain' && domainTaken ? 'A company with this domain already exists.' : errors[key]} data-autofocus={key === 'name' ? true : undefined} />
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nullable = (value: string) => value.trim() || null;
    save.mutate(
      {
        companyId: company?.id,
        input: { name: form.name.trim(), domain: nullable(form.domain), website: nullable(form.website), industry: nullable(form.industry), size: nullable(form.size), description, tags, customFields: custom },
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: company ? `${saved.name} saved.` : `${saved.name} created.` });
          onSaved?.(saved);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={company ? 'Edit company' : 'New company'} size="lg" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          {input('name', 'Name', 'e.g. Acme Inc.')}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('domain', 'Domain', 'acme.com')}
            {input('website', 'Website', 'https://acme.com')}
            {input('industry', 'Industry')}
            {input('size', 'Size', 'e.g. 51-200')}
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} maxRows={6} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <TagsInput label="Tags" value={tags} onChange={setTags} />
          {(definitions.data ?? []).map((field) => (
            <CustomFieldInput key={field.id} field={field} value={custom[field.key]} error={errors[`customFields.${field.key}`]} onChange={(value) => setCustom((c) => ({ ...c, [field.key]: value }))} />
          ))}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!form.name.trim()}>
              {company ? 'Save company' : 'Create company'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
