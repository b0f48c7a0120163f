import { ScrollArea, Tabs } from '@mantine/core';
import { IconApi, IconBook, IconBuilding, IconClockHour4, IconForms, IconHistory, IconMailShare, IconMessageBolt, IconMessageCircle, IconRoute, IconShieldLock, IconUsers, IconUsersGroup, type Icon } from '@tabler/icons-react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import type { Permission } from '../modules/workspaces/types';
import { PageHeader } from '../ui/page-header';

type Section = { path: string; label: string; icon: Icon; permission: Permission };

export const SETTINGS_SECTIONS: Section[] = [
  { path: 'workspace', label: 'Workspace', icon: IconBuilding, permission: 'workspace.read' },
  { path: 'members', label: 'Members', icon: IconUsers, permission: 'members.read' },
  { path: 'teams', label: 'Teams', icon: IconUsersGroup, permission: 'teams.read' },
  { path: 'invitations', label: 'Invitations', icon: IconMailShare, permission: 'invitations.manage' },
  { path: 'roles', label: 'Roles', icon: IconShieldLock, permission: 'workspace.read' },
  { path: 'api-keys', label: 'API keys', icon: IconApi, permission: 'api_keys.manage' },
  { path: 'audit-log', label: 'Audit log', icon: IconHistory, permission: 'audit.read' },
  { path: 'custom-fields', label: 'Custom fields', icon: IconForms, permission: 'contacts.read' },
  { path: 'channels', label: 'Channels', icon: IconMessageCircle, permission: 'channels.manage' },
  { path: 'routing-rules', label: 'Routing', icon: IconRoute, permission: 'inbox.manage' },
  { path: 'sla', label: 'SLAs & hours', icon: IconClockHour4, permission: 'inbox.manage' },
  { path: 'canned-responses', label: 'Canned responses', icon: IconMessageBolt, permission: 'inbox.read' },
  { path: 'knowledge', label: 'Knowledge library', icon: IconBook, permission: 'inbox.read' },
];

export function SettingsPage() {
  const { can, workspace } = useCurrentWorkspace();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = SETTINGS_SECTIONS.filter((section) => can(section.permission));
  const current = location.pathname.split('/')[2] ?? '';

  if (!current) return <Navigate to={`/settings/${sections[0]?.path ?? 'workspace'}`} replace />;

  return (
    <>
      <PageHeader title="Settings" description={`Manage ${workspace.name}: its people, access and integrations.`} />
      <ScrollArea type="never" mb="xl">
        <Tabs value={current} onChange={(value) => value && void navigate(`/settings/${value}`)} aria-label="Settings sections">
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {sections.map((section) => (
              <Tabs.Tab key={section.path} value={section.path} leftSection={<section.icon size={16} stroke={1.7} />} style={{ whiteSpace: 'nowrap' }}>
                {section.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </ScrollArea>
      <Outlet />
    </>
  );
}
