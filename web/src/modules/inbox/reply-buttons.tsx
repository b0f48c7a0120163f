// Reply buttons on an agent's reply: the composer's "Buttons" control (add a title with Enter, remove a
// chip with its ×, up to what the channel shows) and the buttons as the sent bubble shows them. Which
// channels show buttons, and how many, comes from the table the API checks (src/shared/reply-buttons.ts).
import { ActionIcon, Badge, Button, CloseButton, Group, TextInput } from '@mantine/core';
import { IconHandClick, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { MAX_REPLY_BUTTON_TITLE, type ReplyButton } from '../../../../src/shared/reply-buttons';

export { replyButtonsOn } from '../../../../src/shared/reply-buttons';

type EditorProps = {
  buttons: string[];
  onChange: (buttons: string[]) => void;
  max: number;
  /** The title field is shown (the toggle's state) */
  open: boolean;
  onClose: () => void;
  /** Ctrl/Cmd+Enter in the title field sends the reply, as in the text area */
  onSend: () => void;
};

/** The "Buttons" control: a toggle that opens a title field, and the added buttons as removable chips. */
export function ReplyButtonsEditor({ buttons, onChange, max, open, onClose, onSend }: EditorProps) {
  const [title, setTitle] = useState('');
  const full = buttons.length >= max;
  const clean = title.trim();
  const duplicate = buttons.some((button) => button.toLowerCase() === clean.toLowerCase());

  const add = () => {
    if (!clean || full || duplicate) return;
    onChange([...buttons, clean]);
    setTitle('');
  };

  return (
    <>
      {buttons.length > 0 && (
        <Group gap={6} mt={6} aria-label="Reply buttons" role="list">
          {buttons.map((button, index) => (
            <Badge
              key={button}
              role="listitem"
              variant="outline"
              tt="none"
              size="lg"
              radius="xl"
              rightSection={<CloseButton size="xs" aria-label={`Remove button ${button}`} onClick={() => onChange(buttons.filter((_, i) => i !== index))} />}
            >
              {button}
            </Badge>
          ))}
        </Group>
      )}
      {open && (
        <Group gap={6} mt={6} wrap="nowrap" align="flex-end">
          <TextInput
            autoFocus
            size="xs"
            style={{ flex: 1 }}
            value={title}
            maxLength={MAX_REPLY_BUTTON_TITLE}
            onChange={(event) => setTitle(event.currentTarget.value)}
            onKeyDown={(event) => {
              if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
                event.preventDefault();
                onSend();
              } else if (event.key === 'Enter') {
                event.preventDefault();
                add();
              } else if (event.key === 'Escape') {
                event.stopPropagation();
                onClose();
              }
            }}
            placeholder={full ? `This channel shows ${max} buttons at most` : 'Button title, Enter to add'}
            aria-label="Button title"
            disabled={full}
            error={duplicate && clean ? 'Already added' : undefined}
            description={`${buttons.length} of ${max} · up to ${MAX_REPLY_BUTTON_TITLE} characters`}
          />
          <ActionIcon size="md" variant="light" onClick={add} disabled={!clean || full || duplicate} aria-label="Add button">
            <IconPlus size={14} />
          </ActionIcon>
        </Group>
      )}
    </>
  );
}

/** The toggle that shows the title field, for the composer's action row. */
export function ReplyButtonsToggle({ count, open, onToggle }: { count: number; open: boolean; onToggle: () => void }) {
  return (
    <Button size="xs" variant={open || count ? 'light' : 'subtle'} leftSection={<IconHandClick size={14} />} onClick={onToggle} aria-expanded={open}>
      Buttons{count ? ` (${count})` : ''}
    </Button>
  );
}

/** The buttons a sent message carries, under its text as the customer sees them. */
export function MessageButtons({ buttons }: { buttons: ReplyButton[] }) {
  if (buttons.length === 0) return null;
  return (
    <Group gap={4} mt={6} aria-label="Reply buttons" data-testid="message-buttons">
      {buttons.map((button) => (
        <Badge key={button.id} variant="outline" tt="none" radius="xl" title={`id: ${button.id}`}>
          {button.title}
        </Badge>
      ))}
    </Group>
  );
}
