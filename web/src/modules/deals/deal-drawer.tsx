import { Alert, Badge, Button, Divider, Drawer, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconThumbDown, IconTrash, IconTrophy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors, formError } from '../../lib/api';
import { shortDate } from '../../lib/dates';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import type { Deal, Pipeline } from './api';
import { dealBody, DealFormFields, initialDealValues } from './deal-form-fields';
import { sourceLabels } from './format';
import { useCloseDeal, useDeleteDeal, useUpdateDeal } from './hooks';
import { LostReasonModal } from './lost-reason-modal';

const statusColors = { open: 'blue', won: 'teal', lost: 'red' } as const;

/** Edits one deal, marks it won or lost, or deletes it. Keyed by deal id so the form starts fresh. */
export function DealDrawer({ deal, pipeline, canManage, onClose }: { deal: Deal; pipeline: Pipeline; canManage: boolean; onClose: () => void }) {
  const [values, setValues] = useState(initialDealValues(deal));
  const [askReason, setAskReason] = useState(false);
  const update = useUpdateDeal();
  const close = useCloseDeal();
  const remove = useDeleteDeal();
  const errors = fieldErrors(update.error);
  const general = formError(update.error, ['title', 'amount.amount', 'amount.currency', 'expectedCloseDate', 'ownerMemberId', 'contactId', 'source', 'sourceChannel']);
  const stage = pipeline.stages.find((candidate) => candidate.id === deal.stageId);

  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { dealId: deal.id, patch: dealBody(values) },
      { onSuccess: (saved) => notifications.show({ color: 'teal', message: `Deal “${saved.title}” saved.` }) },
    );
  };
  const finish = (outcome: 'won' | 'lost', reason?: string) =>
    close.mutate(
      { dealId: deal.id, outcome, reason },
      {
        onSuccess: (saved) => {
          setAskReason(false);
          notifications.show({ color: outcome === 'won' ? 'teal' : 'gray', message: outcome === 'won' ? `“${saved.title}” won. Congratulations!` : `“${saved.title}” marked lost.` });
        },
        onError: (error) => notifications.show({ color: 'red', title: 'The deal was not changed', message: errorMessage(error) }),
      },
    );

  return (
    <Drawer opened onClose={onClose} position="right" size="md" title={<Text fw={600}>{deal.title}</Text>}>
      <Stack gap="md">
        <Group gap="xs">
          <Badge color={statusColors[deal.status]} variant="light">
            {deal.status}
          </Badge>
          <Text size="sm" c="dimmed">
            {pipeline.name} · {stage?.name ?? 'Unknown stage'} · {sourceLabels[deal.source]}
          </Text>
        </Group>
        {deal.status === 'lost' && deal.lostReason && (
          <Alert color="red" variant="light" title="Lost reason">
            {deal.lostReason}
          </Alert>
        )}
        {deal.closedAt && (
          <Text size="sm" c="dimmed">
            Closed {shortDate(deal.closedAt)}
          </Text>
        )}
        {canManage && deal.status === 'open' && (
          <Group grow>
            <Button color="teal" leftSection={<IconTrophy size={16} />} loading={close.isPending && close.variables.outcome === 'won'} onClick={() => finish('won')}>
              Won
            </Button>
            <Button color="red" variant="light" leftSection={<IconThumbDown size={16} />} onClick={() => setAskReason(true)}>
              Lost
            </Button>
          </Group>
        )}
        <Divider />
        <form onSubmit={save}>
          <Stack gap="sm">
            {general && (
              <Alert color="red" variant="light" role="alert">
                {general}
              </Alert>
            )}
            <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, display: 'contents' }}>
              <DealFormFields values={values} onChange={setValues} errors={errors} />
            </fieldset>
            {canManage && (
              <Group justify="space-between" mt="xs">
                <ConfirmActionButton
                  icon={<IconTrash size={18} />}
                  tooltip="Delete deal"
                  ariaLabel={`Delete deal ${deal.title}`}
                  title={`Delete “${deal.title}”?`}
                  confirmLabel="Delete deal"
                  pending={remove.isPending}
                  error={remove.error ? errorMessage(remove.error) : null}
                  onCancel={remove.reset}
                  onConfirm={async () => {
                    await remove.mutateAsync(deal.id);
                    notifications.show({ color: 'teal', message: `Deal “${deal.title}” deleted.` });
                    onClose();
                  }}
                >
                  The deal disappears from the board and the reports. Its history stays in the audit log.
                </ConfirmActionButton>
                <Button type="submit" loading={update.isPending} disabled={values.title.trim() === ''}>
                  Save changes
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Stack>
      {askReason && <LostReasonModal title={deal.title} pending={close.isPending} onCancel={() => setAskReason(false)} onConfirm={(reason) => finish('lost', reason)} />}
    </Drawer>
  );
}
