import { Button } from '@mantine/core';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { useState } from 'react';
import { AuthLayout } from '../../ui/auth-layout';
import { EmptyState } from '../../ui/empty-state';
import { CreateWorkspaceModal } from './create-workspace-modal';

/** Shown to someone signed in who belongs to no workspace (removed from all, or never joined one). */
export function NoWorkspace({ onSignOut }: { onSignOut: () => void }) {
  const [creating, setCreating] = useState(false);
  return (
    <AuthLayout title="You are not in a workspace" description="Ask a teammate for an invitation link, or create your own workspace.">
      <EmptyState
        bordered={false}
        icon={<IconBuildingCommunity size={24} />}
        title="No workspace yet"
        description="Workspaces hold your team, channels and customers."
        action={
          <>
            <Button onClick={() => setCreating(true)}>Create workspace</Button>
            <Button variant="default" onClick={onSignOut}>
              Sign out
            </Button>
          </>
        }
      />
      {creating && <CreateWorkspaceModal onClose={() => setCreating(false)} onCreated={() => undefined} />}
    </AuthLayout>
  );
}
