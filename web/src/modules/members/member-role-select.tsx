import { NativeSelect } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../lib/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { canGrantRole, roleLabels } from '../workspaces/roles';
import { ROLES, type Role } from '../workspaces/types';
import type { Member } from './api';
import { useChangeMemberRole } from './hooks';

function isRole(value: string | null): value is Role {
  return ROLES.some((role) => role === value);
}

export function MemberRoleSelect({ member }: { member: Member }) {
  const { workspace, can } = useCurrentWorkspace();
  const change = useChangeMemberRole();
  const myRole = workspace.role;
  // Only an owner may touch another owner; the server enforces it, the UI just doesn't offer it.
  const editable = can('members.manage') && canGrantRole(myRole, member.role);
  const value = change.isPending ? change.variables.role : member.role;

  return (
    // A native select: one labelled element, operable by keyboard and assistive tech everywhere.
    <NativeSelect
      aria-label={`Role of ${member.email}`}
      value={value}
      data={ROLES.map((role) => ({ value: role, label: roleLabels[role], disabled: !canGrantRole(myRole, role) }))}
      disabled={!editable || change.isPending}
      size="xs"
      w={130}
      onChange={(event) => {
        const next = event.currentTarget.value;
        if (!isRole(next) || next === member.role) return;
        change.mutate(
          { memberId: member.id, role: next },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Role changed', message: `${member.name || member.email} is now ${roleLabels[next]}.` }),
            onError: (error) => notifications.show({ color: 'red', title: 'The role was not changed', message: errorMessage(error) }),
          },
        );
      }}
    />
  );
}
