import { ScrollArea, Tabs } from '@mantine/core';
import { IconAddressBook, IconBuilding, IconCopy, IconFilter } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';

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
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <ScrollArea type="never" mb="lg">
      <Tabs value={currentTab(location.pathname)} onChange={(value) => value && void navigate(value)} aria-label="Contacts sections">
        <Tabs.List style={{ flexWrap: 'nowrap' }}>
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} stroke={1.7} />} style={{ whiteSpace: 'nowrap' }}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
    </ScrollArea>
  );
}
