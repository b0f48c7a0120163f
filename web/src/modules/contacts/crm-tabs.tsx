import { IconAddressBook, IconBuilding, IconCopy, IconFilter } from '@tabler/icons-react';
import { SectionTabs } from '../../ui/section-tabs';

const TABS = [
  { value: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { value: '/companies', label: 'Companies', icon: IconBuilding },
  { value: '/contacts/segments', label: 'Segments', icon: IconFilter },
  { value: '/contacts/duplicates', label: 'Duplicates', icon: IconCopy },
];

function currentTab(pathname: string): string {
  if (pathname.startsWith('/companies')) return '/companies';
  if (pathname.startsWith('/contacts/segments')) return '/contacts/segments';
  if (pathname.startsWith('/contacts/duplicates')) return '/contacts/duplicates';
  return '/contacts';
}

/** The sub-navigation shared by the CRM screens (the sidebar's "Contacts" area). */
export function CrmTabs() {
  return <SectionTabs tabs={TABS} current={currentTab} label="Contacts sections" />;
}
