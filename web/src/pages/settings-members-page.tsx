import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useMe } from '../modules/accounts/hooks';
import { CreateInvitationModal } from '../modules/invitations/create-invitation-modal';
import { useMembers } from '../modules/members/hooks';
import { MembersTable } from '../modules/members/members-table';
import { useTeams } from '../modules/teams/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { roleLabels } from '../modules/workspaces/roles';
import { ROLES, type Role } from '../modules/workspaces/types';
import { EmptyState } from '../ui/empty-state';
import { LoadMore } from '../ui/load-more';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

function isRole(value: string | null): value is Role {
  return ROLES.some((role) => role === value);
}

export function SettingsMembersPage() {
  const { can } = useCurrentWorkspace();
  const [inviting, setInviting] = useState(false);
  const canInvite = can('invitations.manage');

  if (!can('members.read')) return <NoAccess what="see the members of this workspace" />;

  return (
    <>
      <PageHeader
        order={2}
        title="Members"
        description="Everyone with access to this workspace, their role and their teams."
        actions={
          canInvite && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
              Invite people
            </Button>
          )
        }
      />
      <MembersList canInvite={canInvite} />
      {inviting && <CreateInvitationModal onClose={() => setInviting(false)} />}
    </>
  );
}

function MembersList({ canInvite }: { canInvite: boolean }) {
  const me = useMe();
  const teams = useTeams();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [q] = useDebouncedValue(search.trim(), 250);
  const members = useMembers({ q, role, teamId });
  const filtered = q !== '' || role !== null || teamId !== null;
  const rows = members.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <Group gap="sm" mb="md" wrap="wrap">
        <TextInput
          aria-label="Search members"
          placeholder="Search by name or email"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: '1 1 240px' }}
          maw={360}
        />
        <Select
          aria-label="Filter by role"
          placeholder="All roles"
          data={ROLES.map((value) => ({ value, label: roleLabels[value] }))}
          value={role}
          onChange={(value) => setRole(isRole(value) ? value : null)}
          clearable
          w={160}
        />
        {(teams.data?.length ?? 0) > 0 && (
          <Select
            aria-label="Filter by team"
            placeholder="All teams"
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            value={teamId}
            onChange={setTeamId}
            clearable
            searchable
            w={180}
          />
        )}
        {members.isFetching && !members.isPending && (
          <Text size="xs" c="dimmed">
            Updating…
          </Text>
        )}
      </Group>
      {members.isPending || me.isPending ? (
        <TableSkeleton />
      ) : members.isError ? (
        <QueryError error={members.error} onRetry={() => void members.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconSearch size={24} />} title="No member matches" description="Try another name, email, role or team, or clear the filters." />
        ) : (
          <EmptyState
            icon={<IconUsers size={24} />}
            title="Nobody here yet"
            description={canInvite ? 'Use “Invite people” to bring in the people you work with; they join with the role you choose.' : 'Members appear here once they accept an invitation.'}
          />
        )
      ) : (
        <>
          <MembersTable members={rows} currentUserId={me.data?.user.id ?? ''} />
          <LoadMore hasMore={members.hasNextPage} loading={members.isFetchingNextPage} onLoad={() => void members.fetchNextPage()} />
        </>
      )}
    </>
  );
}
