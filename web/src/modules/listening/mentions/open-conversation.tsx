// "Open as conversation" in a mention's panel (key c): the mention becomes a public conversation in
// the inbox, answered where it was posted, and the inbox opens on it; once it is one, the button
// opens that conversation. When the mention's source cannot post replies, the panel says why.
import { Button, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMessages } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../lib/api';
import type { Mention } from './api';
import { useMentionConversation, useOpenConversation } from './hooks';
import { useExplorerKey } from './shortcuts';

export function OpenConversationButton({ mention }: { mention: Mention }) {
  const navigate = useNavigate();
  const existing = useMentionConversation(mention.id, true);
  const open = useOpenConversation();
  const conversationId = existing.data?.conversationId ?? null;
  const cannotReply = existing.data?.cannotReply ?? null;
  const go = () => {
    if (open.isPending) return;
    if (conversationId) {
      void navigate(`/inbox/${conversationId}`);
      return;
    }
    open.mutate(mention.id, {
      onSuccess: (result) => void navigate(`/inbox/${result.conversationId}`),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });
  };
  useExplorerKey('c', go);
  return (
    <Stack gap={4} align="flex-start">
      <Tooltip
        label={conversationId ? 'This mention is in a conversation of the inbox (c)' : 'A public conversation in the inbox with the author as contact; replies go out where it was posted (c)'}
        withArrow
        multiline
        w={260}
      >
        <Button size="xs" variant="light" color="grape" leftSection={<IconMessages size={14} />} loading={open.isPending} onClick={go} data-testid="open-conversation">
          {conversationId ? 'Open conversation' : 'Open as conversation'}
        </Button>
      </Tooltip>
      {cannotReply && (
        <Text size="xs" c="dimmed" data-testid="cannot-reply">
          Replies from the inbox cannot go out. {cannotReply}
        </Text>
      )}
    </Stack>
  );
}
