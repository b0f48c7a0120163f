import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { TeamFormModal } from './team-form-modal';

export function CreateTeamButton({ onCreated }: { onCreated?: (teamId: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen(true)}>
        New team
      </Button>
      {open && <TeamFormModal onClose={() => setOpen(false)} onSaved={(team) => onCreated?.(team.id)} />}
    </>
  );
}
