import { Button, Center } from '@mantine/core';

export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  if (!hasMore) return null;
  return (
    <Center mt="md">
      <Button variant="default" onClick={onLoad} loading={loading}>
        Load more
      </Button>
    </Center>
  );
}
