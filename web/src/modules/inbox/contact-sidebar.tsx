// Beside the conversation: who the customer is (identities and social signals), what else they
// said and did (the contact's timeline, mentions included), their deals and other conversations,
// suggested content, and the colleagues pulled in ("ask an expert" and its return).
import { Anchor, Badge, Button, Divider, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowMerge, IconExternalLink, IconSchool, IconUserPlus, IconUsersGroup, IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../lib/api';
import { ChannelIcon, channelLabel, identityText } from '../contacts/channel-icon';
import { ContactAvatar, InfluenceMeter, LifecycleBadge, VipStar } from '../contacts/contact-bits';
import { compactNumber } from '../contacts/constants';
import { useContact } from '../contacts/hooks';
import { DealsCard } from '../contacts/profile/deals-card';
import { Timeline } from '../contacts/profile/timeline';
import type { Member } from '../members/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { listConversations, type Conversation, type ConversationDetail } from './api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { inboxKey, useCollaboration, useMergeConversation, useSuggestions } from './hooks';
import { ChannelMark, StatusBadge } from './labels';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={6}>
      <Title order={3} fz="xs" tt="uppercase" c="dimmed" fw={700} style={{ letterSpacing: '0.04em' }}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function ContactSummary({ contactId }: { contactId: string }) {
  const contact = useContact(contactId);
  if (contact.isPending) return <Text size="sm" c="dimmed">Loading the contact…</Text>;
  if (contact.isError) return <Text size="sm" c="dimmed">The contact could not be loaded.</Text>;
  const c = contact.data;
  return (
    <Stack gap={8} data-testid="contact-summary">
      <Group gap="sm" wrap="nowrap">
        <ContactAvatar name={c.name} src={c.avatarUrl} size={44} />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={4} wrap="nowrap">
            <Anchor component={Link} to={`/contacts/${c.id}`} fw={600} size="sm" truncate>
              {c.name}
            </Anchor>
            {c.signals.vip && <VipStar />}
          </Group>
          <Group gap={4}>
            <LifecycleBadge stage={c.lifecycleStage} />
            {c.signals.communityMember && (
              <Badge size="sm" variant="light" color="teal" leftSection={<IconUsersGroup size={10} />} tt="none">
                Community
              </Badge>
            )}
          </Group>
        </Stack>
      </Group>
      <Group gap="xs" justify="space-between">
        <Text size="xs" c="dimmed">
          Influence
        </Text>
        <InfluenceMeter score={c.signals.influenceScore} width={120} />
      </Group>
      <Text size="xs" c="dimmed">
        {compactNumber(c.signals.followersTotal)} followers in all · {c.signals.interactionCount} interactions
      </Text>
      <Stack gap={4}>
        {c.identities.map((identity) => (
          <Group key={identity.id} gap={6} wrap="nowrap">
            <ChannelIcon channel={identity.channel} size={14} />
            <Text size="xs" truncate style={{ flex: 1 }} title={channelLabel(identity.channel)}>
              {identity.profileUrl ? (
                <Anchor href={identity.profileUrl} target="_blank" rel="noreferrer" size="xs">
                  {identityText(identity)}
                </Anchor>
              ) : (
                identityText(identity)
              )}
              {identity.verified ? ' ✓' : ''}
            </Text>
            {identity.followers !== null && (
              <Text size="xs" c="dimmed">
                {compactNumber(identity.followers)}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}

function OtherConversations({ conversation, canMerge }: { conversation: Conversation; canMerge: boolean }) {
  const { workspace } = useCurrentWorkspace();
  const navigate = useNavigate();
  const merge = useMergeConversation();
  const contactId = conversation.contact?.id ?? null;
  const others = useQuery({
    queryKey: inboxKey(workspace.id, 'by-contact', contactId),
    queryFn: () => listConversations(workspace.id, { view: 'all', contactId: contactId! } as Parameters<typeof listConversations>[1], null, 10),
    enabled: contactId !== null,
    retry: false,
  });
  const rows = (others.data?.data ?? []).filter((row) => row.id !== conversation.id);
  if (rows.length === 0) return null;
  return (
    <Section title="Other conversations">
      {rows.map((row) => (
        <Group key={row.id} gap={6} wrap="nowrap">
          <ChannelMark type={row.channelType} size={18} />
          <Anchor component={Link} to={`/inbox/${row.id}${window.location.search}`} size="xs" truncate style={{ flex: 1 }}>
            {row.subject ?? row.lastMessagePreview ?? row.id}
          </Anchor>
          <StatusBadge status={row.status} />
          {canMerge && (
            <ConfirmActionButton
              icon={<IconArrowMerge size={14} />}
              tooltip="Merge this conversation into that one"
              title="Merge the conversations?"
              confirmLabel="Merge"
              variant="subtle"
              size="sm"
              pending={merge.isPending}
              error={merge.error ? errorMessage(merge.error) : null}
              onCancel={() => merge.reset()}
              onConfirm={async () => {
                await merge.mutateAsync({ conversationId: conversation.id, intoConversationId: row.id });
                void navigate(`/inbox/${row.id}${window.location.search}`);
              }}
            >
              Every message, note and event of this conversation moves into “{row.subject ?? row.lastMessagePreview ?? row.id}”, which stays open; this one then points there.
            </ConfirmActionButton>
          )}
        </Group>
      ))}
    </Section>
  );
}

function Suggestions({ conversationId, onUseReply }: { conversationId: string; onUseReply: (cannedResponseId: string) => void }) {
  const suggestions = useSuggestions(conversationId);
  if (!suggestions.data || (suggestions.data.articles.length === 0 && suggestions.data.replies.length === 0)) return null;
  return (
    <Section title="Suggested">
      {suggestions.data.articles.slice(0, 4).map((article) => (
        <Group key={article.id} gap={6} wrap="nowrap">
          {article.kind === 'video' ? <IconVideo size={14} /> : <IconSchool size={14} />}
          {article.url ? (
            <Anchor href={article.url} target="_blank" rel="noreferrer" size="xs" truncate style={{ flex: 1 }}>
              {article.title} <IconExternalLink size={10} />
            </Anchor>
          ) : (
            <Text size="xs" truncate style={{ flex: 1 }}>
              {article.title}
            </Text>
          )}
          {article.attached && (
            <Badge size="xs" variant="light">
              attached
            </Badge>
          )}
        </Group>
      ))}
      {suggestions.data.replies.slice(0, 3).map((reply) => (
        <Button key={reply.id} size="compact-xs" variant="light" justify="flex-start" onClick={() => onUseReply(reply.id)} title={reply.body}>
          Use “{reply.name}”
        </Button>
      ))}
    </Section>
  );
}

function Collaboration({ conversation, members, myMemberId }: { conversation: ConversationDetail; members: Member[]; myMemberId: string | null }) {
  const participants = conversation.participants ?? [];
  const { addParticipant, askExpert, returnHandoff } = useCollaboration(conversation.id);
  const [expertId, setExpertId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [adding, setAdding] = useState<string | null>(null);
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });
  const options = members.filter((member) => member.id !== myMemberId).map((member) => ({ value: member.id, label: member.name }));
  const isExpertHere = conversation.handoffReturnMemberId !== null && conversation.assignee?.memberId === myMemberId;
  return (
    <Section title="Participants">
      {participants.length > 0 ? (
        <Group gap={4}>
          {participants.map((participant) => (
            <Badge key={participant.memberId} size="sm" variant={participant.role === 'expert' ? 'filled' : 'light'} tt="none">
              {participant.name}
              {participant.role === 'expert' ? ' · expert' : ''}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          Only the assignee so far. @mention someone in a note, or add them here.
        </Text>
      )}
      <Group gap={4} wrap="nowrap">
        <Select size="xs" placeholder="Add a participant" data={options} value={adding} onChange={setAdding} searchable style={{ flex: 1 }} aria-label="Add a participant" />
        <Button size="xs" variant="default" disabled={!adding} loading={addParticipant.isPending} onClick={() => adding && addParticipant.mutate(adding, { onSuccess: () => setAdding(null), onError })} aria-label="Add">
          <IconUserPlus size={14} />
        </Button>
      </Group>
      {isExpertHere ? (
        <Button size="xs" variant="light" leftSection={<IconArrowBackUp size={14} />} loading={returnHandoff.isPending} onClick={() => returnHandoff.mutate(undefined, { onError })}>
          Return to the agent
        </Button>
      ) : (
        <Stack gap={4}>
          <Text size="xs" fw={600}>
            Ask an expert
          </Text>
          <Select size="xs" placeholder="Who knows?" data={options} value={expertId} onChange={setExpertId} searchable aria-label="Expert to ask" />
          <Textarea size="xs" placeholder="What do you need from them?" value={note} onChange={(event) => setNote(event.currentTarget.value)} autosize minRows={1} aria-label="Question for the expert" />
          <Button
            size="xs"
            variant="light"
            disabled={!expertId || !note.trim()}
            loading={askExpert.isPending}
            onClick={() =>
              expertId &&
              askExpert.mutate(
                { memberId: expertId, note: note.trim() },
                {
                  onSuccess: () => {
                    setExpertId(null);
                    setNote('');
                    notifications.show({ message: 'Handed over; it comes back to you when they return it.' });
                  },
                  onError,
                },
              )
            }
          >
            Hand over
          </Button>
        </Stack>
      )}
    </Section>
  );
}

type Props = { conversation: ConversationDetail; members: Member[]; myMemberId: string | null; onUseReply: (cannedResponseId: string) => void };

export function ContactSidebar({ conversation, members, myMemberId, onUseReply }: Props) {
  const { can } = useCurrentWorkspace();
  const contactId = conversation.contact?.id;
  return (
    <Stack gap="md" aria-label="Contact and tools">
      {contactId ? <ContactSummary contactId={contactId} /> : <Text size="sm" c="dimmed">No contact is linked to this conversation.</Text>}
      <Suggestions conversationId={conversation.id} onUseReply={onUseReply} />
      <Collaboration conversation={conversation} members={members} myMemberId={myMemberId} />
      <OtherConversations conversation={conversation} canMerge={can('inbox.reply')} />
      {contactId && (
        <>
          <Divider />
          <DealsCard contactId={contactId} />
          <Timeline contactId={contactId} canManage={false} />
        </>
      )}
    </Stack>
  );
}
