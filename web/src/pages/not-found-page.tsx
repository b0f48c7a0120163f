import { Button } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../ui/empty-state';

export function NotFoundPage() {
  return (
    <EmptyState
      icon={<IconMapSearch size={24} />}
      title="Page not found"
      description="There is nothing at this address. It may have moved, or the link may be mistyped."
      action={
        <Button component={Link} to="/">
          Go to home
        </Button>
      }
    />
  );
}
