import type { ReactNode } from 'react';
import { errorMessage } from '../lib/api';
import { ConfirmModal } from './confirm-modal';

type Mutation = { isPending: boolean; error: unknown; reset: () => void };

/**
 * A confirmation for an action chosen from a menu: open while `target` is set, showing the
 * mutation's progress and error, and forgetting a failed attempt when dismissed.
 */
export function ConfirmMutationModal<T>({
  target,
  mutation,
  onConfirm,
  onClose,
  title,
  confirmLabel,
  destructive,
  children,
}: {
  target: T | null;
  mutation: Mutation;
  onConfirm: (target: T) => void;
  onClose: () => void;
  title: string;
  confirmLabel: string;
  destructive?: boolean;
  children: ReactNode;
}) {
  return (
    <ConfirmModal
      opened={target !== null}
      title={title}
      confirmLabel={confirmLabel}
      destructive={destructive}
      loading={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : null}
      onClose={() => {
        onClose();
        mutation.reset();
      }}
      onConfirm={() => target !== null && onConfirm(target)}
    >
      {children}
    </ConfirmModal>
  );
}
