import { Alert, Button, Group, Modal, NativeSelect, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../lib/api';
import type { Pipeline } from './api';
import { dealBody, DealFormFields, initialDealValues } from './deal-form-fields';
import { useCreateDeal } from './hooks';

/** Creates a deal in the shown pipeline; mount it only while open so it starts fresh. */
export function NewDealModal({ pipeline, stageId, onClose }: { pipeline: Pipeline; stageId?: string; onClose: () => void }) {
  const openStages = pipeline.stages.filter((stage) => stage.kind === 'open');
  const [values, setValues] = useState(initialDealValues());
  const [stage, setStage] = useState(stageId ?? openStages[0]?.id ?? '');
  const create = useCreateDeal();
  const errors = fieldErrors(create.error);
  const general = formError(create.error, ['title', 'amount.amount', 'amount.currency', 'expectedCloseDate', 'ownerMemberId', 'contactId', 'source', 'sourceChannel']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { ...dealBody(values), pipelineId: pipeline.id, stageId: stage },
      {
        onSuccess: (deal) => {
          notifications.show({ color: 'teal', message: `Deal “${deal.title}” created.` });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="New deal" centered size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <DealFormFields values={values} onChange={setValues} errors={errors} />
          <NativeSelect label="Stage" value={stage} onChange={(e) => setStage(e.currentTarget.value)} data={openStages.map((s) => ({ value: s.id, label: s.name }))} />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={values.title.trim() === ''}>
              Create deal
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
