// The composer: a reply to the customer or an internal note. "/" opens the canned responses (their
// variables filled for this conversation), "@" in a note mentions a person or a team, Ctrl/Cmd+Enter
// sends; replies on channels that show buttons may carry some ("Buttons"); typing is told to colleagues (collision) and, for replies, to the customer's web chat.
import { Box, Button, Group, Kbd, Paper, SegmentedControl, Text, Textarea, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMessage, IconNote, IconSend } from '@tabler/icons-react';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { errorMessage } from '../../lib/api';
import { usePendingCaret } from '../../lib/use-pending-caret';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { relayTyping, renderCannedResponse } from './api';
import { useAddNote, useCannedResponses, useConversation, useSendReply } from './hooks';
import classes from './inbox.module.css';
import { ReplyButtonsEditor, ReplyButtonsToggle, replyButtonsOn } from './reply-buttons';
import { AttachFileButton, ReplyFileChips, pastedFiles, useReplyFiles } from './reply-files';
import { TemplatePicker } from './template-picker';

export type ComposerMode = 'reply' | 'note';
export type ComposerHandle = { focus: (mode: ComposerMode, insert?: string) => void };

type Mentionable = { kind: 'member' | 'team'; id: string; name: string };
type Option = { key: string; label: string; hint: string; pick: () => void };

type Props = {
  conversationId: string;
  canReply: boolean;
  mentionables: Mentionable[];
  onTyping: () => void;
  handle: Ref<ComposerHandle>;
};

const RELAY_EVERY_MS = 3000;

/** The "/word" or "@word" being typed just before the caret, if any. */
function triggerAt(text: string, caret: number, mode: ComposerMode): { kind: 'canned' | 'mention'; query: string; start: number } | null {
  const before = text.slice(0, caret);
  const canned = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (canned) return { kind: 'canned', query: canned[2]!, start: caret - canned[2]!.length - 1 };
  if (mode === 'note') {
    const mention = /(^|\s)@([\p{L}\p{N}_.-]*)$/u.exec(before);
    if (mention) return { kind: 'mention', query: mention[2]!, start: caret - mention[2]!.length - 1 };
  }
  return null;
}

export function Composer({ conversationId, canReply, mentionables, onTyping, handle }: Props) {
  const { workspace } = useCurrentWorkspace();
  const [mode, setMode] = useState<ComposerMode>(canReply ? 'reply' : 'note');
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [highlight, setHighlight] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const placeCaret = usePendingCaret(textareaRef);
  const lastRelay = useRef(0);
  const clientMessageId = useRef(crypto.randomUUID());
  const reply = useSendReply(conversationId);
  const note = useAddNote(conversationId);
  // Outside a platform's reply window (WhatsApp's 24 hours) a reply is a template, picked below.
  const conversation = useConversation(conversationId).data;
  const templatesOnly = mode === 'reply' && conversation?.templatesOnly === true;
  const [buttons, setButtons] = useState<string[]>([]);
  const [buttonsOpen, setButtonsOpen] = useState(false);
  const buttonSupport = mode === 'reply' && conversation ? replyButtonsOn(conversation.channelType, conversation.visibility) : null;
  // Files go with replies only (notes are text).
  const files = useReplyFiles(conversationId);
  const withFiles = mode === 'reply' && files.attachments.length > 0;

  // Another conversation: a fresh composer.
  useEffect(() => {
    setText('');
    setButtons([]);
    setButtonsOpen(false);
    setMode(canReply ? 'reply' : 'note');
    clientMessageId.current = crypto.randomUUID();
  }, [conversationId, canReply]);

  useImperativeHandle(handle, () => ({
    focus: (nextMode, insert) => {
      setMode(nextMode === 'reply' && !canReply ? 'note' : nextMode);
      if (insert !== undefined) {
        setText((current) => {
          const next = current && !current.endsWith(' ') && !current.endsWith('\n') ? `${current} ${insert}` : current + insert;
          setCaret(next.length);
          return next;
        });
        setDismissed(false);
      }
      requestAnimationFrame(() => {
        const element = textareaRef.current;
        if (!element) return;
        element.focus();
        element.setSelectionRange(element.value.length, element.value.length);
      });
    },
  }));

  const trigger = dismissed ? null : triggerAt(text, caret, mode);
  const canned = useCannedResponses(trigger?.kind === 'canned' ? trigger.query : '', trigger?.kind === 'canned');

  const replaceTrigger = (insert: string) => {
    if (!trigger) return;
    const word = text.slice(trigger.start, trigger.start + 1 + trigger.query.length);
    // The box as it is now: a canned response comes back from the server, and the agent may have typed
    // on meanwhile, at the caret (just after the "/word"). Their keys stay, after what is inserted.
    const current = textareaRef.current?.value ?? text;
    if (current.slice(trigger.start, trigger.start + word.length) !== word) return; // the "/word" is gone
    setText(current.slice(0, trigger.start) + insert + current.slice(trigger.start + word.length));
    const position = trigger.start + insert.length + Math.max(0, current.length - text.length);
    setCaret(position);
    placeCaret(position);
  };

  const options = useMemo<Option[]>(() => {
    if (!trigger) return [];
    if (trigger.kind === 'canned') {
      return (canned.data ?? []).slice(0, 8).map((response) => ({
        key: response.id,
        label: `/${response.shortcut}`,
        hint: response.name,
        pick: () =>
          void renderCannedResponse(workspace.id, response.id, conversationId)
            .then(replaceTrigger)
            .catch((error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) })),
      }));
    }
    const query = trigger.query.toLowerCase();
    return mentionables
      .filter((candidate) => candidate.name.toLowerCase().includes(query))
      .slice(0, 8)
      .map((candidate) => ({
        key: `${candidate.kind}:${candidate.id}`,
        label: `@${candidate.name}`,
        hint: candidate.kind === 'team' ? 'Team' : 'Person',
        pick: () => replaceTrigger(`@[${candidate.name}](${candidate.kind}:${candidate.id}) `),
      }));
    // replaceTrigger reads the current text and trigger, which these deps cover.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trigger?.kind, trigger?.query, trigger?.start, canned.data, mentionables, text, conversationId, workspace.id]);

  useEffect(() => setHighlight(0), [trigger?.kind, trigger?.query]);

  const pending = reply.isPending || note.isPending;
  const send = () => {
    const body = text.trim();
    if ((!body && !withFiles) || pending || (mode === 'reply' && files.uploading)) return;
    const done = {
      onSuccess: () => {
        setText('');
        setButtons([]);
        setButtonsOpen(false);
        if (mode === 'reply') files.clear();
        clientMessageId.current = crypto.randomUUID();
        if (mode === 'reply' && lastRelay.current) {
          lastRelay.current = 0;
          void relayTyping(workspace.id, conversationId, false);
        }
      },
      onError: (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) }),
    };
    const withButtons = buttonSupport && buttons.length ? { buttons: buttons.map((title) => ({ title })) } : {};
    if (mode === 'reply') reply.mutate({ text: body, clientMessageId: clientMessageId.current, ...withButtons, ...(withFiles ? { attachments: files.attachments } : {}) }, done);
    else note.mutate(body, done);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      send();
      return;
    }
    if (options.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlight((current) => (current + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        options[highlight]?.pick();
        return;
      }
    }
    if (event.key === 'Escape') {
      if (trigger) setDismissed(true);
      else textareaRef.current?.blur();
      event.stopPropagation();
    }
  };

  const onChange = (event: React.ChangeEvent<HTMLTextAreaElement>) => {
    setText(event.currentTarget.value);
    setCaret(event.currentTarget.selectionStart);
    setDismissed(false);
    onTyping();
    const now = Date.now();
    if (mode === 'reply' && now - lastRelay.current > RELAY_EVERY_MS) {
      lastRelay.current = now;
      void relayTyping(workspace.id, conversationId);
    }
  };

  return (
    <Box
      className={classes.composer}
      data-note={mode === 'note' || undefined}
      pos="relative"
      onDragOver={(event) => mode === 'reply' && event.dataTransfer.types.includes('Files') && event.preventDefault()}
      onDrop={(event) => {
        if (mode !== 'reply' || event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        files.add(event.dataTransfer.files);
      }}
    >
      {trigger && (
        <Paper withBorder shadow="md" radius="md" p={4} pos="absolute" bottom="100%" left={12} w={340} style={{ zIndex: 5 }} role="listbox" aria-label={trigger.kind === 'canned' ? 'Canned responses' : 'Mention someone'}>
          {options.length === 0 ? (
            <Text size="xs" c="dimmed" p={6}>
              {trigger.kind === 'canned' ? (canned.isFetching ? 'Searching…' : canned.isError ? 'Canned responses are not available.' : 'No canned response matches. Add some in Settings → Canned responses.') : 'Nobody matches.'}
            </Text>
          ) : (
            options.map((option, index) => (
              <UnstyledButton
                key={option.key}
                role="option"
                aria-selected={index === highlight}
                onMouseDown={(event) => event.preventDefault()}
                onClick={option.pick}
                w="100%"
                px={8}
                py={4}
                style={{ borderRadius: 6, background: index === highlight ? 'var(--mantine-color-default-hover)' : undefined }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" fw={500} truncate>
                    {option.label}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {option.hint}
                  </Text>
                </Group>
              </UnstyledButton>
            ))
          )}
        </Paper>
      )}
      <Group justify="space-between" mb={6}>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(value) => setMode(value as ComposerMode)}
          data={[
            { value: 'reply', label: 'Reply', disabled: !canReply },
            { value: 'note', label: 'Note' },
          ]}
          aria-label="Reply or internal note"
        />
        <Text size="xs" c="dimmed">
          <Kbd size="xs">/</Kbd> canned{mode === 'note' ? <> · <Kbd size="xs">@</Kbd> mention</> : null} · <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd> send
        </Text>
      </Group>
      {templatesOnly && conversation ? (
        <TemplatePicker conversationId={conversationId} channelId={conversation.channelId} closesAt={conversation.replyWindowClosesAt ?? null} />
      ) : (
        <>
          <Textarea
            ref={textareaRef}
            value={text}
            onChange={onChange}
            onKeyDown={onKeyDown}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
            onPaste={(event) => {
              const images = mode === 'reply' ? pastedFiles(event) : [];
              if (images.length === 0) return;
              event.preventDefault();
              files.add(images);
            }}
            placeholder={mode === 'reply' ? 'Write a reply to the customer…' : 'Write an internal note; @ to mention a colleague or a team…'}
            aria-label={mode === 'reply' ? 'Reply' : 'Internal note'}
            autosize
            minRows={2}
            maxRows={8}
          />
          {buttonSupport && <ReplyButtonsEditor buttons={buttons} onChange={setButtons} max={buttonSupport.max} open={buttonsOpen} onClose={() => { setButtonsOpen(false); textareaRef.current?.focus(); }} onSend={send} />}
          {mode === 'reply' && <ReplyFileChips files={files.files} onRemove={files.remove} />}
          <Group justify="flex-end" mt={6}>
            {mode === 'reply' && <AttachFileButton onFiles={files.add} />}
            {buttonSupport && <ReplyButtonsToggle count={buttons.length} open={buttonsOpen} onToggle={() => setButtonsOpen((open) => !open)} />}
            <Button size="xs" onClick={send} loading={pending} disabled={(!text.trim() && !withFiles) || (mode === 'reply' && files.uploading)} color={mode === 'note' ? 'yellow' : undefined} leftSection={mode === 'note' ? <IconNote size={14} /> : <IconSend size={14} />}>
              {mode === 'note' ? 'Add note' : 'Send'}
            </Button>
          </Group>
        </>
      )}
      {!canReply && (
        <Text size="xs" c="dimmed" mt={4}>
          <IconMessage size={12} /> Your role can write notes here, not reply to the customer.
        </Text>
      )}
    </Box>
  );
}
