import { ActionIcon, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserMinus } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmModal } from '../../ui/confirm-modal';
import type { Member } from './api';
import { useRemoveMember } from './hooks';

export function RemoveMemberButton({ member, isSelf }: { member: Member; isSelf: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useRemoveMember();
  const who = member.name || member.email;

  const closeModal = () => {
    close();
    remove.reset();
  };

  return (
    <>
      <Tooltip label={isSelf ? 'Leave workspace' : `Remove ${who}`} withArrow>
        <ActionIcon variant="subtle" color="red" onClick={open} aria-label={isSelf ? 'Leave workspace' : `Remove ${member.email}`}>
          <IconUserMinus size={18} />
        </ActionIcon>
      </Tooltip>
      <ConfirmModal
        opened={opened}
        onClose={closeModal}
        title={isSelf ? 'Leave this workspace?' : `Remove ${who}?`}
        confirmLabel={isSelf ? 'Leave workspace' : 'Remove member'}
        loading={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() =>
          remove.mutate(member.id, {
            onSuccess: () => {
              closeModal();
              notifications.show({ color: 'teal', message: isSelf ? 'You left the workspace.' : `${who} was removed from the workspace.` });
            },
          })
        }
      >
        {isSelf
          ? 'You will lose access to this workspace until someone invites you again.'
          : `${who} (${member.email}) will lose access to this workspace and be taken off its teams. Their past actions stay in the audit log.`}
      </ConfirmModal>
    </>
  );
}
