import { AppShell, Box, Burger, Divider, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChecklist, IconHome, IconSettings } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { User } from '../modules/accounts/api';
import { useSignOut } from '../modules/accounts/hooks';
import { NotificationsBell } from '../modules/activities';
import { UserMenu } from '../modules/accounts/user-menu';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { useRealtime } from '../modules/workspaces/realtime';
import { RealtimeIndicator } from '../modules/workspaces/realtime-indicator';
import { WorkspaceSwitcher } from '../modules/workspaces/workspace-switcher';
import { Logo } from '../ui/logo';
import { AREAS } from './areas';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { useGoShortcuts } from './use-go-shortcuts';
import classes from './app-layout.module.css';
import { DemoBanner } from '../modules/demo/demo-banner';

export function AppLayout({ user }: { user: User }) {
  const [navOpened, nav] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const { workspace } = useCurrentWorkspace();
  const realtime = useRealtime(workspace.id);
  const signOut = useSignOut();

  const shortcuts = useMemo(() => ({ ...Object.fromEntries(AREAS.map((area) => [area.key, area.path])), h: '/', s: '/settings' }), []);
  useGoShortcuts(shortcuts);

  // On small screens the navbar covers the page, so following a link should put it away.
  const closeNav = nav.close;
  useEffect(() => closeNav(), [location.pathname, closeNav]);

  const handleSignOut = () => signOut.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });
  const isActive = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname === path || location.pathname.startsWith(`${path}/`));

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={0}>
      <a href="#main" className={classes.skipLink}>
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={navOpened ? 'Close navigation' : 'Open navigation'} />
            <Link to="/" aria-label="Parley home" className={classes.logoLink}>
              <Logo size={26} />
            </Link>
            <Divider orientation="vertical" visibleFrom="xs" h={24} style={{ alignSelf: 'center' }} />
            <Box visibleFrom="xs" style={{ minWidth: 0 }}>
              <WorkspaceSwitcher />
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <RealtimeIndicator status={realtime} />
            <NotificationsBell />
            <ColorSchemeToggle />
            <UserMenu user={user} onSignOut={handleSignOut} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar aria-label="Main">
        <AppShell.Section hiddenFrom="xs" p="sm" pb={0}>
          <WorkspaceSwitcher />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} p="sm">
          <Stack gap={2}>
            <NavLink component={Link} to="/" label="Home" leftSection={<IconHome size={18} stroke={1.6} />} active={isActive('/')} className={classes.navLink} />
            <NavLink component={Link} to="/tasks" label="Tasks" leftSection={<IconChecklist size={18} stroke={1.6} />} active={isActive('/tasks')} className={classes.navLink} aria-current={isActive('/tasks') ? 'page' : undefined} />
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} style={{ letterSpacing: '0.04em' }}>
              Workspace
            </Text>
            {AREAS.map((area) => (
              <NavLink
                key={area.path}
                component={Link}
                to={area.path}
                label={area.label}
                leftSection={<area.icon size={18} stroke={1.6} />}
                active={isActive(area.path)}
                className={classes.navLink}
                aria-current={isActive(area.path) ? 'page' : undefined}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section p="sm" className={classes.navFooter}>
          <NavLink
            component={Link}
            to="/settings"
            label="Settings"
            leftSection={<IconSettings size={18} stroke={1.6} />}
            active={isActive('/settings')}
            className={classes.navLink}
            aria-current={isActive('/settings') ? 'page' : undefined}
          />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} className={classes.mainRegion}>
        <Box className={classes.content}>
          <DemoBanner />
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
