import { Group, NativeSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useMemberOptions } from '../members/hooks';
import { ACQUISITION_SOURCES, type AcquisitionSource, type Deal, type DealPatch } from './api';
import { sourceLabels } from './format';
import { useContactSearch } from './hooks';

export type DealFormValues = {
  title: string;
  amount: string;
  currency: string;
  expectedCloseDate: string;
  ownerMemberId: string;
  contact: { id: string; name: string } | null;
  source: AcquisitionSource;
  sourceChannel: string;
};

export function initialDealValues(deal?: Deal): DealFormValues {
  return {
    title: deal?.title ?? '',
    amount: deal?.amount?.amount ?? '',
    currency: deal?.amount?.currency ?? 'EUR',
    expectedCloseDate: deal?.expectedCloseDate ?? '',
    ownerMemberId: deal?.owner?.memberId ?? '',
    contact: deal?.contact ?? null,
    source: deal?.source ?? 'manual',
    sourceChannel: deal?.sourceChannel ?? '',
  };
}

/** The body fields shared by create and edit: empty inputs become nulls. */
export function dealBody(values: DealFormValues): Required<Pick<DealPatch, 'title' | 'amount' | 'expectedCloseDate' | 'ownerMemberId' | 'contactId' | 'source' | 'sourceChannel'>> {
  const amount = values.amount.trim().replace(',', '.');
  return {
    title: values.title.trim(),
    amount: amount ? { amount, currency: values.currency.trim().toUpperCase() } : null,
    expectedCloseDate: values.expectedCloseDate || null,
    ownerMemberId: values.ownerMemberId || null,
    contactId: values.contact?.id ?? null,
    source: values.source,
    sourceChannel: values.sourceChannel.trim() || null,
  };
}

const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'INR', 'BRL'];

export function DealFormFields({ values, onChange, errors }: { values: DealFormValues; onChange: (values: DealFormValues) => void; errors: Record<string, string> }) {
  const members = useMemberOptions();
  const [contactQuery, setContactQuery] = useState('');
  const [debouncedQuery] = useDebouncedValue(contactQuery, 250);
  const contacts = useContactSearch(debouncedQuery);
  const set = <K extends keyof DealFormValues>(key: K, value: DealFormValues[K]) => onChange({ ...values, [key]: value });
  const contactOptions = [...(values.contact ? [values.contact] : []), ...(contacts.data ?? []).filter((c) => c.id !== values.contact?.id)];
  const currencies = COMMON_CURRENCIES.includes(values.currency) ? COMMON_CURRENCIES : [values.currency, ...COMMON_CURRENCIES];

  return (
    <>
      <TextInput label="Title" placeholder="e.g. Annual plan for Acme" required value={values.title} onChange={(e) => set('title', e.currentTarget.value)} error={errors.title} data-autofocus />
      <Group gap="sm" align="flex-start" grow>
        <TextInput label="Amount" placeholder="0.00" inputMode="decimal" value={values.amount} onChange={(e) => set('amount', e.currentTarget.value)} error={errors['amount.amount']} />
        <NativeSelect label="Currency" data={currencies} value={values.currency} onChange={(e) => set('currency', e.currentTarget.value)} error={errors['amount.currency']} />
      </Group>
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label="Expected close" type="date" value={values.expectedCloseDate} onChange={(e) => set('expectedCloseDate', e.currentTarget.value)} error={errors.expectedCloseDate} />
        <NativeSelect
          label="Owner"
          value={values.ownerMemberId}
          onChange={(e) => set('ownerMemberId', e.currentTarget.value)}
          data={[{ value: '', label: 'No owner' }, ...(members.data ?? []).map((member) => ({ value: member.id, label: member.name || member.email }))]}
          error={errors.ownerMemberId}
        />
      </SimpleGrid>
      <Select
        label="Contact"
        placeholder="Search contacts"
        searchable
        clearable
        nothingFoundMessage={debouncedQuery ? 'No contact matches' : 'Type to search contacts'}
        data={contactOptions.map((contact) => ({ value: contact.id, label: contact.name }))}
        value={values.contact?.id ?? null}
        searchValue={contactQuery}
        onSearchChange={setContactQuery}
        onChange={(id) => set('contact', contactOptions.find((contact) => contact.id === id) ?? null)}
        error={errors.contactId}
      />
      <SimpleGrid cols={2} spacing="sm">
        <NativeSelect
          label="Source"
          value={values.source}
          onChange={(e) => set('source', e.currentTarget.value as AcquisitionSource)}
          data={ACQUISITION_SOURCES.map((source) => ({ value: source, label: sourceLabels[source] }))}
          error={errors.source}
        />
        <TextInput label="Source channel" placeholder="e.g. instagram" value={values.sourceChannel} onChange={(e) => set('sourceChannel', e.currentTarget.value)} error={errors.sourceChannel} />
      </SimpleGrid>
    </>
  );
}
