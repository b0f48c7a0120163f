import { Button, Stack, Text } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../lib/api';
import { exactTime } from '../lib/dates';
import { useMe } from '../modules/accounts/hooks';
import { AcceptInvitation } from '../modules/invitations/accept-invitation';
import { useInvitationLink } from '../modules/invitations/hooks';
import { roleLabels } from '../modules/workspaces/roles';
import { AuthLayout } from '../ui/auth-layout';
import { EmptyState } from '../ui/empty-state';
import { FullPageLoader } from '../ui/full-page-loader';
import { QueryError } from '../ui/query-error';

export function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const invitation = useInvitationLink(token);
  const me = useMe();

  if (invitation.isPending || me.isPending) return <FullPageLoader />;

  if (invitation.isError) {
    // A malformed token (400) is as dead as an unknown, used or expired one (404).
    const status = invitation.error instanceof ApiError ? invitation.error.status : 0;
    const invalid = status === 400 || status === 404;
    return (
      <AuthLayout title={invalid ? 'This invitation link does not work' : 'The invitation could not be loaded'}>
        {invalid ? (
          <EmptyState
            bordered={false}
            icon={<IconLinkOff size={24} />}
            title="Invalid or expired link"
            description="The link may have expired, been revoked, or already been used. Ask the person who invited you for a new one."
            action={
              <Button component={Link} to={me.data ? '/' : '/login'} variant="default">
                {me.data ? 'Open Parley' : 'Go to sign in'}
              </Button>
            }
          />
        ) : (
          <QueryError error={invitation.error} onRetry={() => void invitation.refetch()} />
        )}
      </AuthLayout>
    );
  }

  const link = invitation.data;
  return (
    <AuthLayout
      title={
        <>
          Join {link.workspaceName} as {roleLabels[link.role]}
        </>
      }
      description={
        <Stack gap={2} component="span">
          <Text span size="sm" c="dimmed">
            {me.data ? 'Accept to add this workspace to your account.' : 'Create your Parley account to join.'}
          </Text>
          <Text span size="xs" c="dimmed">
            The invitation expires {exactTime(link.expiresAt)}.
          </Text>
        </Stack>
      }
    >
      <AcceptInvitation token={token} invitation={link} user={me.data?.user ?? null} onAccepted={() => void navigate('/', { replace: true })} />
    </AuthLayout>
  );
}
