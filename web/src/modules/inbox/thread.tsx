// A conversation's thread: the customer's and the team's messages as bubbles, internal notes in
// yellow, and what happened to the conversation (routing, assignment, SLA) inline, in time order.
import { Anchor, Badge, Box, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowsSplit, IconCheck, IconChecks, IconClock, IconNote, IconPaperclip, IconRefresh } from '@tabler/icons-react';
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { dayjs, exactTime } from '../../lib/dates';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import type { ConversationEvent, Message } from './api';
import { priorityLabels, statusLabels } from './labels';
import { MessageButtons } from './reply-buttons';
import classes from './inbox.module.css';
import { fileHref } from './reply-files';

const MENTION = /@\[([^\]]+)\]\((?:member|team):[^)]+\)/g;

/** Note text with its @mentions shown as names. */
function NoteText({ text }: { text: string }) {
  const parts: (string | { name: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    parts.push(text.slice(last, match.index), { name: match[1]! });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, index) =>
        typeof part === 'string' ? (
          <Fragment key={index}>{part}</Fragment>
        ) : (
          <Text key={index} span fw={600} c="blue">
            @{part.name}
          </Text>
        ),
      )}
    </>
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : null);

/** An event as a sentence: "Routed by rule VIP to Social Care", "Assigned to Dana by Sam". */
export function describeEvent(event: ConversationEvent, memberName: (memberId: string) => string | null): string {
  const by = event.actorMemberId ? memberName(event.actorMemberId) : event.actorLabel;
  const suffix = by ? ` by ${by}` : '';
  const data = event.data;
  switch (event.type) {
    case 'created':
      return `Conversation started${event.actorLabel ? ` on ${event.actorLabel}` : ''}`;
    case 'assigned': {
      const to = str(data.to);
      return to ? `Assigned to ${str(data.assigneeName) ?? memberName(to) ?? 'someone'}${suffix}` : `Unassigned${suffix}`;
    }
    case 'team_changed':
      return data.to ? `Moved to team ${str(data.teamName) ?? ''}${suffix}` : `Team removed${suffix}`;
    case 'status_changed': {
      const to = str(data.to);
      const label = to && to in statusLabels ? statusLabels[to as keyof typeof statusLabels] : to;
      const until = str(data.until);
      return `${label === 'Open' && data.from === 'resolved' ? 'Reopened' : `Marked ${label?.toLowerCase()}`}${until ? ` until ${dayjs(until).format('ddd D MMM, HH:mm')}` : ''}${suffix}`;
    }
    case 'priority_changed': {
      const to = str(data.to);
      return `Priority ${to && to in priorityLabels ? priorityLabels[to as keyof typeof priorityLabels].toLowerCase() : to}${suffix}`;
    }
    case 'labels_changed': {
      const added = Array.isArray(data.added) ? data.added.join(', ') : '';
      const removed = Array.isArray(data.removed) ? data.removed.join(', ') : '';
      return [added && `Labelled ${added}`, removed && `Label ${removed} removed`].filter(Boolean).join(' · ') + suffix;
    }
    case 'routing.applied':
      return `Routed by ${event.actorLabel ?? 'a routing rule'}`;
    case 'routing.failed':
      return `Routing failed (${event.actorLabel ?? 'a rule'}): ${str(data.error) ?? 'unknown error'}`;
    default: {
      if (event.type.startsWith('sla')) {
        const target = str(data.target)?.replace(/_/g, ' ') ?? 'SLA';
        return event.type.includes('breach') ? `SLA breached: ${target}` : event.type.includes('warn') ? `SLA warning: ${target} due soon` : `SLA: ${event.type.split('.').slice(1).join(' ')}`;
      }
      return `${event.type.replace(/[._]/g, ' ')}${suffix}`;
    }
  }
}

function StatusTicks({ message }: { message: Message }) {
  const icon =
    message.status === 'read' ? (
      <IconChecks size={14} color="var(--mantine-color-blue-6)" />
    ) : message.status === 'delivered' ? (
      <IconChecks size={14} />
    ) : message.status === 'sent' ? (
      <IconCheck size={14} />
    ) : message.status === 'failed' ? (
      <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />
    ) : (
      <IconClock size={14} />
    );
  return (
    <Tooltip label={message.status} withArrow>
      <Box component="span" aria-label={`Status: ${message.status}`} data-testid="message-status" data-status={message.status} style={{ display: 'inline-flex' }}>
        {icon}
      </Box>
    </Tooltip>
  );
}

type Props = {
  messages: Message[];
  events: ConversationEvent[];
  memberName: (memberId: string) => string | null;
  contactName: string;
  onRetry: (messageId: number) => void;
  retrying: number | null;
  /** Offered on every message but the first: it and what follows become a new conversation. */
  onSplit?: (messageId: number) => Promise<unknown>;
  splitting?: { pending: boolean; error: string | null; reset: () => void };
};

type Item = { at: string; message?: Message; event?: ConversationEvent };

export function Thread({ messages, events, memberName, contactName, onRetry, retrying, onSplit, splitting }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = useMemo<Item[]>(
    () =>
      [...messages.map((message): Item => ({ at: message.createdAt, message })), ...events.filter((event) => event.type !== 'created').map((event): Item => ({ at: event.createdAt, event }))].sort((a, b) =>
        a.at === b.at ? (a.message ? -1 : 1) : a.at.localeCompare(b.at),
      ),
    [messages, events],
  );
  const byId = useMemo(() => new Map(messages.map((message) => [message.id, message])), [messages]);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const onScroll = () => (stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80);
    element.addEventListener('scroll', onScroll, { passive: true });
    // The thread shrinks when something appears below it (the resolved line, a taller composer).
    const resized = new ResizeObserver(() => {
      if (stickToBottom.current) element.scrollTop = element.scrollHeight;
    });
    resized.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
  }, []);
  // New messages scroll into view when the reader was at the end, not when they scrolled back to read.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [items.length]);

  return (
    <div ref={scrollRef} className={classes.thread} aria-label="Messages" role="log">
      {items.map((item) => {
        if (item.event) {
          return (
            <Text key={`e${item.event.id}`} className={classes.event} data-testid="conversation-event" title={exactTime(item.event.createdAt)}>
              {describeEvent(item.event, memberName)} · {dayjs(item.event.createdAt).format('HH:mm')}
            </Text>
          );
        }
        const message = item.message!;
        const note = message.kind === 'note';
        const inbound = message.direction === 'inbound' && !note;
        const replyTo = message.replyToMessageId ? byId.get(message.replyToMessageId) : undefined;
        const author = inbound ? contactName : message.authorMemberId ? (memberName(message.authorMemberId) ?? 'A colleague') : message.automatic ? 'Automatic reply' : 'Parley';
        return (
          <Box
            key={`m${message.id}`}
            className={`${classes.bubble} ${note ? classes.note : inbound ? classes.inbound : classes.outbound}`}
            data-failed={message.status === 'failed' || undefined}
            data-testid={note ? 'note' : inbound ? 'inbound-message' : 'outbound-message'}
            data-message-id={message.id}
          >
            <Group gap={6} mb={2} wrap="nowrap">
              {note && <IconNote size={13} />}
              <Text size="xs" fw={600}>
                {author}
                {note ? ' · internal note' : ''}
              </Text>
              <Text size="xs" c="dimmed" title={exactTime(message.createdAt)}>
                {dayjs(message.createdAt).format('HH:mm')}
              </Text>
              {!inbound && !note && <StatusTicks message={message} />}
              {onSplit && splitting && message.kind === 'message' && message.id !== messages[0]?.id && (
                <Box ml="auto" className={classes.bubbleAction}>
                  <ConfirmActionButton
                    icon={<IconArrowsSplit size={12} />}
                    tooltip="Split from here"
                    title="Split the conversation?"
                    confirmLabel="Split"
                    variant="subtle"
                    size="xs"
                    pending={splitting.pending}
                    error={splitting.error}
                    onCancel={splitting.reset}
                    onConfirm={() => onSplit(message.id)}
                  >
                    This message and every later one move to a new conversation with the same customer, for a topic of its own.
                  </ConfirmActionButton>
                </Box>
              )}
            </Group>
            {replyTo && (
              <Text size="xs" c="dimmed" lineClamp={1} pl={6} mb={4} style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}>
                ↪ {replyTo.text}
              </Text>
            )}
            <Text size="sm">{note ? <NoteText text={message.text} /> : message.text}</Text>
            <MessageButtons buttons={message.buttons} />
            {message.attachments.length > 0 && (
              <Stack gap={2} mt={4}>
                {message.attachments.map((attachment) =>
                  // A platform's file not stored here (yet, or ever: its name then says why) cannot be opened.
                  !/^(\/|https?:\/\/)/i.test(attachment.url) ? (
                    <Text key={attachment.url} size="xs" c="dimmed" title="Not stored in Parley">
                      <IconPaperclip size={12} /> {attachment.name}
                    </Text>
                  ) : attachment.contentType.startsWith('image/') ? (
                    <Anchor key={attachment.url} href={fileHref(attachment.url)} target="_blank" rel="noreferrer">
                      <img src={fileHref(attachment.url)} alt={attachment.name} style={{ maxWidth: 220, maxHeight: 160, borderRadius: 6 }} />
                    </Anchor>
                  ) : (
                    <Anchor key={attachment.url} href={fileHref(attachment.url)} target="_blank" rel="noreferrer" size="xs">
                      <IconPaperclip size={12} /> {attachment.name}
                    </Anchor>
                  ),
                )}
              </Stack>
            )}
            {message.reactions.length > 0 && (
              <Group gap={4} mt={4}>
                {message.reactions.map((reaction, index) => (
                  <Badge key={index} size="sm" variant="default" tt="none">
                    {reaction.emoji}
                  </Badge>
                ))}
              </Group>
            )}
            {message.status === 'failed' && (
              <Group gap="xs" mt={6} wrap="nowrap">
                <Text size="xs" c="red" style={{ flex: 1 }}>
                  Not sent{message.error ? `: ${message.error}` : ''}
                </Text>
                <Button size="compact-xs" color="red" variant="light" leftSection={<IconRefresh size={12} />} loading={retrying === message.id} onClick={() => onRetry(message.id)}>
                  Retry
                </Button>
              </Group>
            )}
          </Box>
        );
      })}
    </div>
  );
}
