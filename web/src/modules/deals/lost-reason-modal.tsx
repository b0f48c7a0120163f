import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';

/** Asks why a deal was lost; mount it only while open. */
export function LostReasonModal({ title, pending, onCancel, onConfirm }: { title: string; pending: boolean; onCancel: () => void; onConfirm: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) onConfirm(reason.trim());
  };
  return (
    <Modal opened onClose={onCancel} title="Mark deal as lost" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm">
            Why was <b>{title}</b> lost? The reason shows on the card and helps the team learn.
          </Text>
          <Textarea label="Reason" placeholder="e.g. Chose a competitor, no budget this year" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={pending} disabled={reason.trim() === ''}>
              Mark lost
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
