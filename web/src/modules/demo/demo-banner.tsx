import { Alert, Text } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { fetchIsDemo } from './api';

/** Says so on every screen of the demo workspace, so sample data is never taken for real data. */
export function DemoBanner() {
  const { workspace, workspaces, switchWorkspace, can } = useCurrentWorkspace();
  const demo = useQuery({
    queryKey: ['demo', workspace.id],
    queryFn: () => fetchIsDemo(workspace.id),
    enabled: can('listening.read'),
    staleTime: Infinity,
  });
  if (demo.data !== true) return null;
  const other = workspaces.find((candidate) => candidate.id !== workspace.id);
  return (
    <Alert variant="light" color="grape" icon={<IconFlask size={18} />} mb="md" role="status" aria-label="Demo workspace">
      <Text size="sm">
        <b>Demo workspace.</b> Everything here is sample data about a fictional coffee brand, fed through the real pipeline.
        {other && (
          <>
            {' '}
            Your own data is in{' '}
            <Text component="button" type="button" size="sm" c="grape" td="underline" style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }} onClick={() => switchWorkspace(other.id)}>
              {other.name}
            </Text>
            .
          </>
        )}
      </Text>
    </Alert>
  );
}
