import { IconAntenna, IconFileImport, IconMessageCircle, IconPlugConnected } from '@tabler/icons-react';
import { SectionTabs } from '../../ui/section-tabs';

const TABS = [
  { value: '/listening', label: 'Mentions', icon: IconMessageCircle },
  { value: '/listening/topics', label: 'Topics', icon: IconAntenna },
  { value: '/listening/sources', label: 'Sources', icon: IconPlugConnected },
  { value: '/listening/import', label: 'Import', icon: IconFileImport },
];

function currentTab(pathname: string): string {
  if (pathname.startsWith('/listening/topics')) return '/listening/topics';
  if (pathname.startsWith('/listening/sources')) return '/listening/sources';
  if (pathname.startsWith('/listening/import')) return '/listening/import';
  return '/listening';
}

/** The sub-navigation of the Listening area: the mention explorer and its setup (topics, sources, imports of past posts). */
export function ListeningTabs() {
  return <SectionTabs tabs={TABS} current={currentTab} label="Listening sections" />;
}
