import { ScrollArea, Tabs } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';

export type SectionTab = { value: string; label: string; icon: Icon };

/**
 * The tabs under an area's page header that lead to its screens. `current` picks the tab of a path
 * (sub-pages such as /contacts/:id belong to a tab of their own section).
 */
export function SectionTabs({ tabs, current, label }: { tabs: SectionTab[]; current: (pathname: string) => string; label: string }) {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <ScrollArea type="never" mb="lg">
      <Tabs value={current(location.pathname)} onChange={(value) => value && void navigate(value)} aria-label={label}>
        <Tabs.List style={{ flexWrap: 'nowrap' }}>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} stroke={1.7} />} style={{ whiteSpace: 'nowrap' }}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
    </ScrollArea>
  );
}
