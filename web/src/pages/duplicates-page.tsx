import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconCopy, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../lib/api';
import { CrmTabs } from '../modules/contacts/crm-tabs';
import type { BulkResult, Duplicate } from '../modules/duplicates/api';
import { DuplicateRow } from '../modules/duplicates/duplicate-row';
import { useBulkDuplicates, useDismissDuplicate, useDuplicates } from '../modules/duplicates/hooks';
import { MergeDialog } from '../modules/duplicates/merge-dialog';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmModal } from '../ui/confirm-modal';
import { EmptyState } from '../ui/empty-state';
import { LoadMore } from '../ui/load-more';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

function reportBulk(results: BulkResult[], verb: string) {
  const failed = results.filter((r) => !r.ok);
  const done = results.length - failed.length;
  notifications.show({
    color: failed.length ? 'yellow' : 'teal',
    title: `${done} suggestion${done === 1 ? '' : 's'} ${verb}`,
    message: failed.length ? `${failed.length} could not be: ${[...new Set(failed.map((f) => f.error))].join(' ')}` : 'Merges can be undone from each profile’s merge history.',
  });
}

export function DuplicatesPage() {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const canManage = can('contacts.manage');
  const duplicates = useDuplicates();
  const dismiss = useDismissDuplicate();
  const bulk = useBulkDuplicates();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reviewing, setReviewing] = useState<Duplicate | null>(null);
  const [confirmBulkMerge, setConfirmBulkMerge] = useState(false);
  const rows = useMemo(() => duplicates.data?.pages.flatMap((page) => page.data) ?? [], [duplicates.data]);
  const ids = [...selected].filter((id) => rows.some((row) => row.id === id));

  if (!can('contacts.read')) return <NoAccess what="see contacts" />;

  const runBulk = (action: 'dismiss' | 'merge') =>
    bulk.mutate(
      { ids, action },
      {
        onSuccess: (results) => {
          reportBulk(results, action === 'merge' ? 'merged' : 'dismissed');
          setSelected(new Set());
          setConfirmBulkMerge(false);
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  return (
    <>
      <PageHeader title="Contacts" description="Everyone you talk to, one profile each across all their networks." />
      <CrmTabs />
      <PageHeader order={2} title="Probable duplicates" description="People who seem to be the same person, most likely first. Merge them into one profile or dismiss the suggestion." />
      {duplicates.isPending ? (
        <TableSkeleton />
      ) : duplicates.isError ? (
        <QueryError error={duplicates.error} onRetry={() => void duplicates.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<IconCopy size={24} />} title="No duplicate to review" description="Parley looks for probable duplicates as contacts arrive (similar names, the same handle elsewhere, the same phone). Suggestions appear here." />
      ) : (
        <>
          {canManage && (
            <Group gap="sm" mb="sm" justify="space-between">
              <Checkbox
                label={ids.length ? `${ids.length} selected` : 'Select all'}
                checked={ids.length > 0 && ids.length === rows.length}
                indeterminate={ids.length > 0 && ids.length < rows.length}
                onChange={(e) => setSelected(e.currentTarget.checked ? new Set(rows.map((r) => r.id)) : new Set())}
              />
              <Group gap="xs">
                <Button size="xs" variant="default" leftSection={<IconX size={14} />} disabled={ids.length === 0} loading={bulk.isPending && bulk.variables?.action === 'dismiss'} onClick={() => runBulk('dismiss')}>
                  Dismiss selected
                </Button>
                <Button size="xs" leftSection={<IconArrowsJoin size={14} />} disabled={ids.length === 0} onClick={() => setConfirmBulkMerge(true)}>
                  Merge selected
                </Button>
              </Group>
            </Group>
          )}
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {rows.map((duplicate) => (
              <DuplicateRow
                key={duplicate.id}
                duplicate={duplicate}
                canManage={canManage}
                selected={selected.has(duplicate.id)}
                onSelect={(on) =>
                  setSelected((current) => {
                    const next = new Set(current);
                    if (on) next.add(duplicate.id);
                    else next.delete(duplicate.id);
                    return next;
                  })
                }
                dismissing={dismiss.isPending && dismiss.variables === duplicate.id}
                onDismiss={() =>
                  dismiss.mutate(duplicate.id, {
                    onSuccess: () => notifications.show({ color: 'teal', message: 'Suggestion dismissed: they stay two contacts.' }),
                    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                  })
                }
                onReview={() => setReviewing(duplicate)}
              />
            ))}
          </Stack>
          <LoadMore hasMore={duplicates.hasNextPage} loading={duplicates.isFetchingNextPage} onLoad={() => void duplicates.fetchNextPage()} />
        </>
      )}
      {reviewing && (
        <MergeDialog
          leftId={reviewing.contacts[0].id}
          rightId={reviewing.contacts[1].id}
          onClose={() => setReviewing(null)}
          onMerged={(winnerId) => {
            setReviewing(null);
            void navigate(`/contacts/${winnerId}`);
          }}
        />
      )}
      <ConfirmModal
        opened={confirmBulkMerge}
        onClose={() => setConfirmBulkMerge(false)}
        title={`Merge ${ids.length} pair${ids.length === 1 ? '' : 's'}?`}
        confirmLabel="Merge selected"
        destructive={false}
        loading={bulk.isPending}
        onConfirm={() => runBulk('merge')}
      >
        <Text size="sm" span>
          Each pair becomes one contact: the older one survives and its empty fields are filled from the other. Every merge can be undone from the profile.
        </Text>
      </ConfirmModal>
    </>
  );
}
