import { notifications } from '@mantine/notifications';
import { IconUserMinus } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import type { Member } from './api';
import { useRemoveMember } from './hooks';

export function RemoveMemberButton({ member, isSelf }: { member: Member; isSelf: boolean }) {
  const remove = useRemoveMember();
  const who = member.name || member.email;

  return (
    <ConfirmActionButton
      icon={<IconUserMinus size={18} />}
      tooltip={isSelf ? 'Leave workspace' : `Remove ${who}`}
      ariaLabel={isSelf ? 'Leave workspace' : `Remove ${member.email}`}
      title={isSelf ? 'Leave this workspace?' : `Remove ${who}?`}
      confirmLabel={isSelf ? 'Leave workspace' : 'Remove member'}
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(member.id);
        remove.reset();
        notifications.show({ color: 'teal', message: isSelf ? 'You left the workspace.' : `${who} was removed from the workspace.` });
      }}
    >
      {isSelf
        ? 'You will lose access to this workspace until someone invites you again.'
        : `${who} (${member.email}) will lose access to this workspace and be taken off its teams. Their past actions stay in the audit log.`}
    </ConfirmActionButton>
  );
}
