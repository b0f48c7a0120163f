import { IconLock } from '@tabler/icons-react';
import { EmptyState } from './empty-state';

export function NoAccess({ what }: { what: string }) {
  return (
    <EmptyState
      icon={<IconLock size={24} />}
      title="Your role does not include this"
      description={`You cannot ${what}. Ask a workspace owner or admin if you need access.`}
    />
  );
}
