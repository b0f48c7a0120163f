import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { useState } from 'react';
import { CreateWorkspaceModal } from './create-workspace-modal';
import { useCurrentWorkspace } from './current-workspace';
import { roleLabels } from './roles';

export function WorkspaceSwitcher() {
  const { workspace, workspaces, switchWorkspace } = useCurrentWorkspace();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <Menu position="bottom-start" width={280} shadow="md" withinPortal>
        <Menu.Target>
          <UnstyledButton
            aria-label={`Workspace: ${workspace.name}. Switch workspace`}
            px={8}
            py={4}
            style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-default-border)', maxWidth: 260 }}
          >
            <Group gap={8} wrap="nowrap">
              <Avatar size={24} radius="sm" color="initials" name={workspace.name} />
              <Text size="sm" fw={500} truncate>
                {workspace.name}
              </Text>
              <IconSelector size={16} style={{ flexShrink: 0, opacity: 0.6 }} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Workspaces</Menu.Label>
          {workspaces.map((candidate) => (
            <Menu.Item
              key={candidate.id}
              onClick={() => switchWorkspace(candidate.id)}
              leftSection={<Avatar size={22} radius="sm" color="initials" name={candidate.name} />}
              rightSection={candidate.id === workspace.id ? <IconCheck size={16} aria-label="Current workspace" /> : null}
            >
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="sm" truncate>
                  {candidate.name}
                </Text>
                <Badge size="xs" variant="light" color="gray" radius="sm">
                  {roleLabels[candidate.role]}
                </Badge>
              </Group>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Create workspace
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {creating && <CreateWorkspaceModal onClose={() => setCreating(false)} onCreated={(created) => switchWorkspace(created.id)} />}
    </>
  );
}
