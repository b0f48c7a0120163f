// The detail of one mention, beside the list: the whole post, its author and contact, where it sits in
// a thread, its near-duplicates, the machine's labels with people's corrections, and what to do next.
import { Anchor, Avatar, Badge, Button, Divider, Drawer, Group, Highlight, Paper, ScrollArea, SegmentedControl, Select, Skeleton, Stack, Switch, TagsInput, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconTargetArrow, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { exactTime } from '../../../lib/dates';
import { RelativeTime } from '../../../ui/relative-time';
import { listContacts } from '../../contacts/api';
import { useContact } from '../../contacts/hooks';
import { useMemberOptions } from '../../members/hooks';
import { useTeams } from '../../teams/hooks';
import { useCurrentWorkspace } from '../../workspaces/current-workspace';
import { isNearDuplicate, type Mention, type Relevance, type Sentiment, type TopicRef } from './api';
import { useAssignMention, useCreateLead, useLinkAuthor, useMention, useNearDuplicates, useReplies, useStoredPost, useReviewMention } from './hooks';
import { AuthorLine, ChannelMark, MentionMarkers, SentimentBadge, sentimentNames } from './labels';
import { showsTitle } from './mention-row';
import { OpenConversationButton } from './open-conversation';
import { threadContextOf } from './thread-context';

export const DETAIL_WIDTH = 520;

type Props = {
  mentionId: string | null;
  terms: (mention: Mention) => string[];
  topics: Map<string, TopicRef>;
  onClose: () => void;
  onShowCluster: (clusterKey: string) => void;
};

export function MentionDetail({ mentionId, terms, topics, onClose, onShowCluster }: Props) {
  const mention = useMention(mentionId);
  return (
    <Drawer
      opened={mentionId !== null}
      onClose={onClose}
      position="right"
      size={DETAIL_WIDTH}
      // A side panel rather than a modal: the list stays usable beside it (click another row, j/k).
      withOverlay={false}
      closeOnClickOutside={false}
      trapFocus={false}
      returnFocus={false}
      lockScroll={false}
      shadow="xl" title={<Title order={2} fz="lg">Mention</Title>} scrollAreaComponent={ScrollArea.Autosize} closeButtonProps={{ 'aria-label': 'Close the mention (Esc)' }}>
      {mention.data ? <DetailBody mention={mention.data} terms={terms(mention.data)} topics={topics} onShowCluster={onShowCluster} /> : mention.isError ? <Text c="red">{errorMessage(mention.error)}</Text> : <Skeleton h={300} />}
    </Drawer>
  );
}

function DetailBody({ mention, terms, topics, onShowCluster }: { mention: Mention; terms: string[]; topics: Map<string, TopicRef>; onShowCluster: (clusterKey: string) => void }) {
  const { can } = useCurrentWorkspace();
  const who = mention.author.name ?? mention.author.handle ?? '?';
  return (
    <Stack gap="md" data-testid="mention-detail">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Avatar src={mention.author.avatarUrl} size={44} radius="xl" color="initials" name={who} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <AuthorLine mention={mention} />
          <Group gap={6} c="dimmed">
            <ChannelMark channel={mention.channel} />
            <Text size="xs" title={exactTime(mention.publishedAt)}>
              {exactTime(mention.publishedAt)}
            </Text>
            {mention.country && <Badge size="xs" variant="default">{mention.country}</Badge>}
          </Group>
        </Stack>
      </Group>
      <Group gap="sm">
        {mention.url && (
          <Button component="a" href={mention.url} target="_blank" rel="noreferrer noopener" variant="default" size="xs" leftSection={<IconExternalLink size={14} />}>
            Open the original
          </Button>
        )}
        {mention.author.profileUrl && (
          <Anchor href={mention.author.profileUrl} target="_blank" rel="noreferrer noopener" size="sm">
            Author's profile
          </Anchor>
        )}
      </Group>

      <Paper withBorder p="md" radius="md">
        {showsTitle(mention) && (
          <Highlight highlight={terms} fw={600} mb={6}>
            {mention.title ?? ''}
          </Highlight>
        )}
        <Highlight highlight={terms} size="sm" style={{ whiteSpace: 'pre-line', wordBreak: 'break-word' }}>
          {mention.text}
        </Highlight>
        <Group gap={6} mt="sm">
          <SentimentBadge mention={mention} />
          {mention.lang && <Badge size="sm" variant="default" tt="uppercase">{mention.lang}</Badge>}
          {mention.topicIds.map((topicId) => (
            <Badge key={topicId} size="sm" variant="dot" color={topics.get(topicId)?.color ?? 'blue'} tt="none">
              {topics.get(topicId)?.name ?? topicId}
            </Badge>
          ))}
          <MentionMarkers mention={mention} />
        </Group>
      </Paper>

      <ThreadSection mention={mention} />
      {can('listening.correct') ? <ReviewSection mention={mention} /> : <MachineLabels mention={mention} />}
      <ContactSection mention={mention} />
      <ActionSection mention={mention} />
      <DuplicatesSection mention={mention} onShowCluster={onShowCluster} />
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={8}>
      <Divider label={title} labelPosition="left" />
      {children}
    </Stack>
  );
}

function MachineLabels({ mention }: { mention: Mention }) {
  return (
    <Section title="Labels">
      <Text size="sm">
        Sentiment {sentimentNames[mention.sentiment.label].toLowerCase()} ({mention.sentiment.by}); the machine said {mention.sentiment.machineLabel} ({mention.sentiment.score.toFixed(2)}). Spam {Math.round(mention.spamScore * 100)}%, bot {Math.round(mention.botScore * 100)}%.
      </Text>
    </Section>
  );
}

function ReviewSection({ mention }: { mention: Mention }) {
  const review = useReviewMention();
  const send = (body: Parameters<typeof review.mutate>[0]['review']) =>
    review.mutate({ mentionId: mention.id, review: body }, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) });
  const corrected = mention.sentiment.by === 'person' && mention.sentiment.label !== mention.sentiment.machineLabel;
  return (
    <Section title="Labels — correct the machine">
      <LabelControl
        label="Sentiment"
        value={mention.sentiment.label}
        onChange={(value) => send({ sentiment: value as Sentiment })}
        data={[
          { value: 'negative', label: 'Negative (n)' },
          { value: 'neutral', label: 'Neutral (u)' },
          { value: 'positive', label: 'Positive (p)' },
        ]}
      />
      <Text size="xs" c="dimmed">
        The machine said <b>{mention.sentiment.machineLabel}</b> (score {mention.sentiment.score.toFixed(2)})
        {mention.sentiment.by === 'person' ? (corrected ? '; corrected by a person.' : '; confirmed by a person.') : mention.sentiment.by === 'model' ? "; labelled by this workspace's model." : '.'}
      </Text>
      <LabelControl
        label="Relevance"
        value={mention.relevance ?? 'unreviewed'}
        onChange={(value) => value !== 'unreviewed' && send({ relevance: value as Relevance })}
        data={[
          { value: 'unreviewed', label: 'Not reviewed', disabled: true },
          { value: 'relevant', label: 'Relevant' },
          { value: 'irrelevant', label: 'Irrelevant (i)' },
        ]}
      />
      <Group justify="space-between" wrap="nowrap">
        <Switch
          label="Spam (s)"
          checked={mention.spamMarked ?? mention.spamScore >= 0.5}
          onChange={(event) => send({ spam: event.currentTarget.checked })}
          description={`The machine: ${Math.round(mention.spamScore * 100)}% spam, ${Math.round(mention.botScore * 100)}% bot${mention.spamMarked === null ? '' : ' — a person decided'}`}
        />
      </Group>
      <TagsInput
        label="Tags"
        placeholder="Add a tag and press Enter"
        value={mention.tags}
        onChange={(tags) => send({ tags: tags.map((tag) => tag.trim().toLowerCase().replace(/^#/, '')).filter(Boolean) })}
        clearable
        aria-label="Tags"
      />
    </Section>
  );
}

function LabelControl({ label, value, onChange, data }: { label: string; value: string; onChange: (value: string) => void; data: { value: string; label: string; disabled?: boolean }[] }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" w={90}>
        {label}
      </Text>
      <SegmentedControl size="xs" aria-label={label} value={value} onChange={onChange} data={data} />
    </Group>
  );
}

function ContactSection({ mention }: { mention: Mention }) {
  const { can } = useCurrentWorkspace();
  const link = useLinkAuthor();
  const [linking, setLinking] = useState(false);
  const onLinked = (result: { contactId: string; createdContact: boolean }) =>
    notifications.show({ color: 'teal', message: result.createdContact ? 'Contact created; the mention is on its timeline.' : 'Linked; the mention is on the contact’s timeline.' });
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });
  return (
    <Section title="Contact">
      {mention.contactId ? (
        <LinkedContact contactId={mention.contactId} />
      ) : (
        <Text size="sm" c="dimmed">
          The author is not linked to a contact yet.
        </Text>
      )}
      {can('contacts.manage') && (
        <Group gap="sm">
          {!mention.contactId && (
            <Button size="xs" leftSection={<IconUserPlus size={14} />} loading={link.isPending && !linking} onClick={() => link.mutate({ mentionId: mention.id }, { onSuccess: onLinked, onError })}>
              Create contact
            </Button>
          )}
          <Button size="xs" variant="default" onClick={() => setLinking((on) => !on)}>
            {mention.contactId ? 'Link to another contact…' : 'Link to an existing contact…'}
          </Button>
        </Group>
      )}
      {linking && <ContactPicker onPick={(contactId) => link.mutate({ mentionId: mention.id, contactId }, { onSuccess: (result) => { setLinking(false); onLinked(result); }, onError })} />}
    </Section>
  );
}

function LinkedContact({ contactId }: { contactId: string }) {
  const contact = useContact(contactId);
  return (
    <Group gap="sm">
      <Avatar src={contact.data?.avatarUrl ?? null} size={28} radius="xl" color="initials" name={contact.data?.name ?? '?'} />
      <Anchor component={Link} to={`/contacts/${contactId}`} size="sm" fw={600}>
        {contact.data?.name ?? 'Open the contact'}
      </Anchor>
      {contact.data && <Badge size="xs" variant="light">{contact.data.lifecycleStage}</Badge>}
    </Group>
  );
}

function ContactPicker({ onPick }: { onPick: (contactId: string) => void }) {
  const { workspace } = useCurrentWorkspace();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['workspace', workspace.id, 'contacts', 'picker', q],
    queryFn: () => listContacts(workspace.id, { q }, { sort: 'name', order: 'asc' }, null, 20),
    enabled: q.length > 0,
  });
  return (
    <Select
      label="Contact"
      placeholder="Search by name, @handle or email"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={(found.data?.data ?? []).map((contact) => ({ value: contact.id, label: contact.name }))}
      onChange={(value) => value && onPick(value)}
      nothingFoundMessage={q ? (found.isFetching ? 'Searching…' : 'No contact found') : 'Type to search'}
      filter={({ options }) => options}
      autoFocus
    />
  );
}

function ActionSection({ mention }: { mention: Mention }) {
  const { can } = useCurrentWorkspace();
  const lead = useCreateLead();
  const assign = useAssignMention();
  const teams = useTeams();
  const members = useMemberOptions();
  const [teamId, setTeamId] = useState<string | null>(mention.assignment?.teamId ?? null);
  const [memberId, setMemberId] = useState<string | null>(mention.assignment?.memberId ?? null);
  const [note, setNote] = useState('');
  const memberName = (id: string | null) => members.data?.find((member) => member.id === id)?.name ?? null;
  const teamName = (id: string | null) => teams.data?.find((team) => team.id === id)?.name ?? null;
  return (
    <Section title="Act on it">
      {can('inbox.reply') && <OpenConversationButton mention={mention} />}
      {mention.assignment && (
        <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-default-hover)">
          <Group gap={6}>
            <IconUsersGroup size={14} />
            <Text size="sm">
              Assigned to {[teamName(mention.assignment.teamId), memberName(mention.assignment.memberId)].filter(Boolean).join(' · ') || 'someone'}
              {mention.assignment.byMemberId ? ` by ${memberName(mention.assignment.byMemberId) ?? 'a member'}` : ''}, <RelativeTime value={mention.assignment.at} size="xs" />
            </Text>
          </Group>
          {mention.assignment.note && <Text size="sm" mt={4} c="dimmed">“{mention.assignment.note}”</Text>}
        </Paper>
      )}
      {can('listening.correct') && (
        <Stack gap={6}>
          <Group grow gap="sm">
            <Select label="Team" placeholder="No team" data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} value={teamId} onChange={setTeamId} clearable size="xs" />
            <Select label="Member" placeholder="Anyone in the team" data={(members.data ?? []).map((member) => ({ value: member.id, label: member.name || member.email }))} value={memberId} onChange={setMemberId} clearable searchable size="xs" />
          </Group>
          <Textarea placeholder="A note for them (what to do, why it matters)" value={note} onChange={(event) => setNote(event.currentTarget.value)} autosize minRows={1} maxRows={4} size="xs" aria-label="Assignment note" />
          <Group gap="sm">
            <Button
              size="xs"
              variant="light"
              disabled={!teamId && !memberId && !mention.assignment}
              loading={assign.isPending}
              onClick={() =>
                assign.mutate(
                  { mentionId: mention.id, teamId, memberId, note: note || undefined },
                  {
                    onSuccess: () => {
                      setNote('');
                      notifications.show({ color: 'teal', message: teamId || memberId ? 'Assigned; they have been notified.' : 'Assignment cleared.' });
                    },
                    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                  },
                )
              }
            >
              {teamId || memberId || !mention.assignment ? 'Assign' : 'Clear the assignment'}
            </Button>
            {can('deals.manage') && (
              <Tooltip label={mention.contactId ? 'A deal for the linked contact, with this mention as its source' : 'A deal with this mention as its source (link the author first to attach the contact)'} withArrow multiline w={240}>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconTargetArrow size={14} />}
                  loading={lead.isPending}
                  onClick={() =>
                    lead.mutate(
                      { mentionId: mention.id },
                      {
                        onSuccess: (deal) => notifications.show({ color: 'teal', message: <>Lead “{deal.title}” created. <Anchor component={Link} to="/pipeline" size="sm">Open the pipeline</Anchor></> }),
                        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                      },
                    )
                  }
                >
                  Create a lead
                </Button>
              </Tooltip>
            )}
          </Group>
        </Stack>
      )}
    </Section>
  );
}

function ThreadSection({ mention }: { mention: Mention }) {
  const context = threadContextOf(mention);
  const parent = useStoredPost(mention.source, context?.parentExternalId ?? null);
  const replies = useReplies(mention);
  const answers = replies.data?.data ?? [];
  if (!context && answers.length === 0) return null;
  const stored = parent.data ?? undefined;
  return (
    <Section title="Thread">
      {context?.threadLabel && <Text size="sm">{context.threadLabel}{context.threadTitle ? ` — ${context.threadTitle}` : ''}</Text>}
      {stored ? (
        <Paper withBorder p="xs" radius="sm">
          <Text size="xs" c="dimmed">In reply to</Text>
          <AuthorLine mention={stored} />
          <Text size="sm" lineClamp={3}>{stored.text}</Text>
        </Paper>
      ) : context?.parentExternalId ? (
        <Text size="sm" c="dimmed">A reply to a post that was not stored (it matched no query).</Text>
      ) : null}
      {answers.length > 0 && (
        <Stack gap={6} data-testid="mention-replies">
          <Text size="xs" c="dimmed">
            Replies stored ({answers.length}
            {replies.data?.nextCursor ? '+' : ''})
          </Text>
          {answers.map((reply) => (
            <Paper key={reply.id} withBorder p="xs" radius="sm">
              <AuthorLine mention={reply} />
              <Text size="sm" lineClamp={3}>{reply.text}</Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function DuplicatesSection({ mention, onShowCluster }: { mention: Mention; onShowCluster: (clusterKey: string) => void }) {
  const cluster = useNearDuplicates(mention);
  const others = (cluster.data?.data ?? []).filter((row) => row.id !== mention.id);
  if (others.length === 0 && !isNearDuplicate(mention)) return null;
  return (
    <Section title={`Near-duplicates (${others.length}${cluster.data?.nextCursor ? '+' : ''})`}>
      {others.slice(0, 5).map((row) => (
        <Group key={row.id} gap="xs" wrap="nowrap">
          <ChannelMark channel={row.channel} />
          <Text size="sm" truncate="end" style={{ flex: 1 }}>
            {row.author.handle ? `@${row.author.handle}: ` : ''}
            {row.text}
          </Text>
          <RelativeTime value={row.publishedAt} size="xs" />
        </Group>
      ))}
      <Button size="xs" variant="subtle" onClick={() => onShowCluster(mention.clusterKey)} style={{ alignSelf: 'flex-start' }}>
        Show them all in the list
      </Button>
    </Section>
  );
}
