import { Avatar, Combobox, Group, Text, Textarea, useCombobox, type TextareaProps } from '@mantine/core';
import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { usePendingCaret } from '../../lib/use-pending-caret';
import { useMemberOptions } from '../members/hooks';

type MentionTextareaProps = Omit<TextareaProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void };

// "@" at the start or after a space, followed by what has been typed of the name so far.
const ACTIVE_MENTION = /(^|\s)@([^\s@[\]()]{0,40})$/;

/**
 * A textarea where typing "@" opens a picker of the workspace's members; choosing one inserts the
 * `@[Name](member:id)` token that the server reads to notify them.
 */
export function MentionTextarea({ value, onChange, ...props }: MentionTextareaProps) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const placeCaret = usePendingCaret(textareaRef);
  const [query, setQuery] = useState<{ text: string; start: number } | null>(null);
  const members = useMemberOptions(query !== null);
  const combobox = useCombobox({ onDropdownClose: () => setQuery(null) });

  const matches = (members.data ?? [])
    .filter((member) => query !== null && `${member.name} ${member.email}`.toLowerCase().includes(query.text.toLowerCase()))
    .slice(0, 8);

  const detect = (text: string, caret: number) => {
    const found = ACTIVE_MENTION.exec(text.slice(0, caret));
    if (!found) {
      setQuery(null);
      combobox.closeDropdown();
      return;
    }
    setQuery({ text: found[2] ?? '', start: caret - (found[2]?.length ?? 0) - 1 });
    combobox.openDropdown();
    combobox.selectFirstOption();
  };

  const handleChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    onChange(event.currentTarget.value);
    detect(event.currentTarget.value, event.currentTarget.selectionStart);
  };

  const insert = (memberId: string) => {
    const member = members.data?.find((candidate) => candidate.id === memberId);
    if (!member || !query) return;
    const caret = textareaRef.current?.selectionStart ?? value.length;
    const token = `@[${member.name.replace(/[[\]]/g, '')}](member:${member.id}) `;
    const next = value.slice(0, query.start) + token + value.slice(caret);
    onChange(next);
    setQuery(null);
    combobox.closeDropdown();
    placeCaret(query.start + token.length);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!combobox.dropdownOpened || matches.length === 0) return;
    // Enter picks the highlighted member instead of adding a line; Escape closes the picker only.
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      combobox.clickSelectedOption();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      combobox.selectNextOption();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      combobox.selectPreviousOption();
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      combobox.closeDropdown();
    }
  };

  return (
    <Combobox store={combobox} onOptionSubmit={insert} position="bottom-start" width={280} withinPortal>
      <Combobox.Target withKeyboardNavigation={false} withAriaAttributes={false}>
        <Textarea
          {...props}
          ref={textareaRef}
          value={value}
          onChange={handleChange}
          onKeyDown={handleKeyDown}
          onBlur={() => combobox.closeDropdown()}
          aria-autocomplete="list"
          aria-expanded={combobox.dropdownOpened}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={query === null}>
        <Combobox.Options aria-label="Mention a member">
          {members.isLoading && <Combobox.Empty>Loading members…</Combobox.Empty>}
          {!members.isLoading && matches.length === 0 && <Combobox.Empty>No member matches “{query?.text}”</Combobox.Empty>}
          {matches.map((member) => (
            <Combobox.Option value={member.id} key={member.id}>
              <Group gap="xs" wrap="nowrap">
                <Avatar name={member.name} color="initials" size={24} />
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" truncate>
                    {member.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {member.email}
                  </Text>
                </div>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
