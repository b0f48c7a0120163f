// The open conversation beside the queue: header and controls, who else is here, the thread, the
// composer, and the contact sidebar. The inbox page's keys reach it through `handle`.
import { Alert, Box, Center, Loader, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconEye } from '@tabler/icons-react';
import { useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../lib/api';
import type { Member } from '../members/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { QueryError } from '../../ui/query-error';
import { renderCannedResponse } from './api';
import { Composer, type ComposerHandle } from './composer';
import { ContactSidebar } from './contact-sidebar';
import { ConversationHeader } from './conversation-header';
import { useChangeConversation, useConversation, useEvents, useMessages, useRetryMessage, useSplitConversation } from './hooks';
import { presenceSentence, useConversationPresence } from './presence';
import type { InboxKey } from './shortcuts';
import { Thread } from './thread';
import classes from './inbox.module.css';

export type ConversationHandle = { act: (key: InboxKey) => boolean };

type Props = {
  conversationId: string;
  members: Member[];
  teams: { id: string; name: string }[];
  myMemberId: string | null;
  onBack: () => void;
  handle: Ref<ConversationHandle>;
};

export function ConversationView({ conversationId, members, teams, myMemberId, onBack, handle }: Props) {
  const { workspace, can } = useCurrentWorkspace();
  const conversation = useConversation(conversationId);
  const messages = useMessages(conversationId);
  const events = useEvents(conversationId);
  const retry = useRetryMessage(conversationId);
  const split = useSplitConversation(conversationId);
  const navigate = useNavigate();
  const change = useChangeConversation();
  const presence = useConversationPresence(conversationId);
  const composer = useRef<ComposerHandle>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const canManage = can('inbox.reply');
  const names = useMemo(() => new Map(members.map((member) => [member.id, member.name])), [members]);
  const mentionables = useMemo(
    () => [...members.map((member) => ({ kind: 'member' as const, id: member.id, name: member.name })), ...teams.map((team) => ({ kind: 'team' as const, id: team.id, name: team.name }))],
    [members, teams],
  );

  const apply = (patch: Parameters<typeof change.mutate>[0]['patch'], what: string) =>
    change.mutate({ conversationId, patch }, { onSuccess: () => notifications.show({ message: what, autoClose: 1500 }), onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) });

  const insertCannedResponse = (cannedResponseId: string) =>
    void renderCannedResponse(workspace.id, cannedResponseId, conversationId)
      .then((text) => composer.current?.focus('reply', text))
      .catch((error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) }));

  useImperativeHandle(handle, () => ({
    act: (key) => {
      switch (key) {
        case 'reply':
          composer.current?.focus('reply');
          return true;
        case 'note':
          composer.current?.focus('note');
          return true;
        case 'canned':
          composer.current?.focus('reply', '/');
          return true;
        case 'resolve':
          if (canManage && conversation.data) apply({ status: conversation.data.status === 'resolved' ? 'open' : 'resolved' }, conversation.data.status === 'resolved' ? 'Reopened' : 'Resolved');
          return true;
        case 'snooze':
          if (canManage) setSnoozeOpen(true);
          return true;
        case 'assignToMe':
          if (canManage && myMemberId) apply({ assigneeMemberId: myMemberId }, 'Assigned to you');
          return true;
        case 'label':
          if (canManage) setLabelsOpen(true);
          return true;
        default:
          return false;
      }
    },
  }));

  if (conversation.isPending) {
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  }
  if (conversation.isError) {
    return (
      <Box p="md">
        <QueryError error={conversation.error} onRetry={() => void conversation.refetch()} />
      </Box>
    );
  }
  const data = conversation.data;
  const others = presence.others;

  return (
    <div className={classes.detail} data-testid="conversation-view" data-conversation-id={conversationId}>
      <div className={classes.main}>
        <ConversationHeader
          conversation={data}
          members={members}
          teams={teams}
          canManage={canManage}
          snoozeOpen={snoozeOpen}
          onSnoozeOpen={setSnoozeOpen}
          labelsOpen={labelsOpen}
          onLabelsOpen={setLabelsOpen}
          onBack={onBack}
        />
        {others.length > 0 && (
          <div className={classes.collision} role="status" data-testid="collision-banner">
            <IconEye size={14} style={{ verticalAlign: -2 }} /> {presenceSentence(others)}
          </div>
        )}
        {messages.isPending ? (
          <Center style={{ flex: 1 }}>
            <Loader size="sm" />
          </Center>
        ) : messages.isError ? (
          <Box p="md" style={{ flex: 1 }}>
            <QueryError error={messages.error} onRetry={() => void messages.refetch()} />
          </Box>
        ) : (
          <Thread
            messages={messages.data}
            events={events.data ?? []}
            memberName={(memberId) => names.get(memberId) ?? null}
            contactName={data.contact?.name ?? 'Customer'}
            onRetry={(messageId) => retry.mutate(messageId, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) })}
            retrying={retry.isPending ? (retry.variables ?? null) : null}
            onSplit={
              canManage
                ? async (messageId) => {
                    const created = await split.mutateAsync(messageId);
                    void navigate(`/inbox/${created.id}${window.location.search}`);
                  }
                : undefined
            }
            splitting={{ pending: split.isPending, error: split.error ? errorMessage(split.error) : null, reset: split.reset }}
          />
        )}
        {data.status === 'resolved' && (
          <Text size="xs" c="dimmed" ta="center" py={4}>
            Resolved. A reply from the customer reopens it.
          </Text>
        )}
        {presence.customerTyping && (
          <Text size="xs" c="dimmed" px="sm" py={2} data-testid="customer-typing" aria-live="polite">
            {data.contact?.name ?? 'The customer'} is typing…
          </Text>
        )}
        {data.cannotReply && (
          <Alert color="yellow" variant="light" radius={0} py={6} icon={<IconAlertTriangle size={16} />} data-testid="cannot-reply">
            <Text size="xs">Replies cannot go out here yet: {data.cannotReply} Notes still work.</Text>
          </Alert>
        )}
        {(can('inbox.reply') || can('inbox.note')) && <Composer conversationId={conversationId} canReply={can('inbox.reply')} mentionables={mentionables} onTyping={presence.typing} handle={composer} />}
      </div>
      <div className={classes.sidebar}>
        <ContactSidebar conversation={data} members={members} myMemberId={myMemberId} onUseReply={insertCannedResponse} />
      </div>
    </div>
  );
}

