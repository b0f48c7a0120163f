import { Badge, Table, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconCheck, IconMinus } from '@tabler/icons-react';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { useRoles } from '../modules/workspaces/hooks';
import { permissionLabels, roleColor, roleLabels } from '../modules/workspaces/roles';
import { PERMISSIONS } from '../modules/workspaces/types';
import { DataTable } from '../ui/data-table';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function SettingsRolesPage() {
  const roles = useRoles();
  const { workspace } = useCurrentWorkspace();

  return (
    <>
      <PageHeader order={2} title="Roles" description="What each role may do. Roles are fixed; change a member’s role on the Members page." />
      {roles.isPending ? (
        <TableSkeleton rows={6} />
      ) : roles.isError ? (
        <QueryError error={roles.error} onRetry={() => void roles.refetch()} />
      ) : (
        <DataTable
          label="Roles and permissions"
          minWidth={860}
          withColumnBorders
          head={
            <>
              <Table.Th w={280}>Role</Table.Th>
              {PERMISSIONS.map((permission) => (
                <Table.Th key={permission} ta="center" fz="xs">
                  <Tooltip label={permissionLabels[permission]} withArrow>
                    <Text size="xs" fw={600} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {permission}
                    </Text>
                  </Tooltip>
                </Table.Th>
              ))}
            </>
          }
        >
          {roles.data.map((role) => {
            const granted = new Set(role.permissions);
            return (
              <Table.Tr key={role.role} bg={role.role === workspace.role ? 'var(--mantine-primary-color-light)' : undefined}>
                <Table.Td>
                  <Badge color={roleColor(role.role)} variant="light" radius="sm">
                    {roleLabels[role.role]}
                  </Badge>
                  {role.role === workspace.role && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      your role
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" mt={4}>
                    {role.description}
                  </Text>
                </Table.Td>
                {PERMISSIONS.map((permission) => (
                  <Table.Td key={permission} ta="center">
                    {granted.has(permission) ? (
                      <ThemeIcon size={22} radius="xl" color="teal" variant="light" aria-label={`${roleLabels[role.role]}: ${permissionLabels[permission]}`}>
                        <IconCheck size={14} />
                      </ThemeIcon>
                    ) : (
                      <IconMinus size={14} color="var(--mantine-color-dimmed)" aria-label={`${roleLabels[role.role]}: cannot ${permissionLabels[permission].toLowerCase()}`} />
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}
