import { IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { CreateTeamButton } from '../modules/teams/create-team-button';
import { useTeams } from '../modules/teams/hooks';
import { TeamDrawer } from '../modules/teams/team-drawer';
import { TeamsTable } from '../modules/teams/teams-table';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function SettingsTeamsPage() {
  const { can } = useCurrentWorkspace();
  const teams = useTeams();
  const [openTeam, setOpenTeam] = useState<string | null>(null);
  const canManage = can('teams.manage');

  if (!can('teams.read')) return <NoAccess what="see the teams of this workspace" />;

  return (
    <>
      <PageHeader
        order={2}
        title="Teams"
        description="Group members by market, product or shift. Teams will route conversations and share queues."
        actions={canManage && teams.data && teams.data.length > 0 && <CreateTeamButton onCreated={setOpenTeam} />}
      />
      {teams.isPending ? (
        <TableSkeleton rows={3} />
      ) : teams.isError ? (
        <QueryError error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <EmptyState
          icon={<IconUsersGroup size={24} />}
          title="No teams yet"
          description={
            canManage
              ? 'Create a first team, such as “Support” or “Social media”, then add members to it.'
              : 'A manager or admin can create teams. You will see them here.'
          }
          action={canManage && <CreateTeamButton onCreated={setOpenTeam} />}
        />
      ) : (
        <TeamsTable teams={teams.data} onOpen={setOpenTeam} />
      )}
      <TeamDrawer teamId={openTeam} onClose={() => setOpenTeam(null)} />
    </>
  );
}
