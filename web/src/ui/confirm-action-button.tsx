import { ActionIcon, Tooltip, type ActionIconVariant, type MantineSize } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { ConfirmModal } from './confirm-modal';

type ConfirmActionButtonProps = {
  icon: ReactNode;
  tooltip: string;
  /** Defaults to the tooltip; set it when the tooltip alone would not say which row the button acts on. */
  ariaLabel?: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Resolves when the action succeeded; the modal then closes. A rejection keeps it open so `error` can be shown. */
  onConfirm: () => Promise<unknown>;
  /** Called when the user dismisses the modal without confirming, e.g. to reset a failed mutation. */
  onCancel?: () => void;
  pending: boolean;
  error: string | null;
  variant?: ActionIconVariant;
  size?: MantineSize;
};

/** A red icon button that asks for confirmation before running a destructive action. */
export function ConfirmActionButton({
  icon,
  tooltip,
  ariaLabel = tooltip,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  pending,
  error,
  variant = 'subtle',
  size,
}: ConfirmActionButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);

  const confirm = () => {
    // The caller reports the failure through `error`, so the rejection needs no handling here.
    void onConfirm().then(close, () => undefined);
  };

  return (
    <>
      <Tooltip label={tooltip} withArrow>
        <ActionIcon variant={variant} color="red" size={size} onClick={open} aria-label={ariaLabel}>
          {icon}
        </ActionIcon>
      </Tooltip>
      <ConfirmModal
        opened={opened}
        onClose={() => {
          close();
          onCancel?.();
        }}
        title={title}
        confirmLabel={confirmLabel}
        loading={pending}
        error={error}
        onConfirm={confirm}
      >
        {children}
      </ConfirmModal>
    </>
  );
}
