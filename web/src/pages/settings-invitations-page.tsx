import { Button } from '@mantine/core';
import { IconMailShare, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { CreateInvitationModal } from '../modules/invitations/create-invitation-modal';
import { useInvitations } from '../modules/invitations/hooks';
import { InvitationsTable } from '../modules/invitations/invitations-table';
import { useTeams } from '../modules/teams/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function SettingsInvitationsPage() {
  const { can } = useCurrentWorkspace();
  if (!can('invitations.manage')) return <NoAccess what="invite people to this workspace" />;
  return <Invitations />;
}

function Invitations() {
  const invitations = useInvitations();
  const teams = useTeams();
  const [inviting, setInviting] = useState(false);
  const inviteButton = (
    <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
      Invite people
    </Button>
  );

  return (
    <>
      <PageHeader order={2} title="Invitations" description="Pending invitation links. Each link works once and expires after 7 days." actions={invitations.data && invitations.data.length > 0 ? inviteButton : undefined} />
      {invitations.isPending ? (
        <TableSkeleton rows={3} />
      ) : invitations.isError ? (
        <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <EmptyState
          icon={<IconMailShare size={24} />}
          title="No pending invitations"
          description="Create an invitation link and send it to a teammate. Accepted, revoked and expired links disappear from this list."
          action={inviteButton}
        />
      ) : (
        <InvitationsTable invitations={invitations.data} teams={teams.data ?? []} />
      )}
      {inviting && <CreateInvitationModal onClose={() => setInviting(false)} />}
    </>
  );
}
