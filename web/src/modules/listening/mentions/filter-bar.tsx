// The explorer's filters: search, topic, sentiment and channel at hand; the rest under "More filters";
// every active filter shown as a chip that clears it.
import { ActionIcon, Badge, Button, CloseButton, Group, NumberInput, Popover, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState, type RefObject } from 'react';
import type { FilterKey, MentionFilters, QueryRef, TopicRef } from './api';
import { channelName, sentimentNames } from './labels';

export const CHANNELS = ['twitter', 'mastodon', 'bluesky', 'reddit', 'youtube', 'facebook', 'instagram', 'linkedin', 'news', 'blog', 'review', 'forum'];
const LANGUAGES: Record<string, string> = { en: 'English', es: 'Spanish', fr: 'French', de: 'German', pt: 'Portuguese', it: 'Italian', nl: 'Dutch', ja: 'Japanese', zh: 'Chinese', ar: 'Arabic', ru: 'Russian', hi: 'Hindi' };
const SPAM_CHOICES = [
  { value: 'exclude', label: 'Hide spam' },
  { value: 'all', label: 'Show spam too' },
  { value: 'only', label: 'Only spam' },
];
const RELEVANCE_CHOICES = [
  { value: 'relevant', label: 'Relevant' },
  { value: 'irrelevant', label: 'Irrelevant' },
  { value: 'unreviewed', label: 'Not reviewed' },
];

type Props = {
  filters: MentionFilters;
  update: (patch: Partial<Record<FilterKey, string | null>>) => void;
  topics: TopicRef[];
  queries: QueryRef[];
  teams: { id: string; name: string }[];
  searchRef: RefObject<HTMLInputElement | null>;
};

const dayStart = (value: string | null) => (value ? new Date(`${value}T00:00:00`).toISOString() : null);
const dayAfter = (value: string | null) => {
  if (!value) return null;
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
};
const localDay = (iso: string | undefined) => {
  if (!iso) return null;
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};
const localDayBefore = (iso: string | undefined) => (iso ? localDay(new Date(new Date(iso).getTime() - 1).toISOString()) : null);

export function FilterBar({ filters, update, topics, queries, teams, searchRef }: Props) {
  const [search, setSearch] = useState(filters.q ?? '');
  const [q] = useDebouncedValue(search.trim(), 350);
  useEffect(() => {
    if (q !== (filters.q ?? '')) update({ q: q || null });
    // Only the typed text drives this; the URL's q follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);

  const topicName = new Map(topics.map((topic) => [topic.id, topic.name]));
  const queryData = queries.filter((query) => !filters.topicId || query.topicId === filters.topicId).map((query) => ({ value: query.id, label: query.name || query.query }));
  const more: FilterKey[] = ['queryId', 'source', 'lang', 'from', 'author', 'minFollowers', 'spam', 'relevance', 'tag', 'assignedTeamId'];
  const moreCount = more.filter((key) => filters[key]).length;

  return (
    <Stack gap="xs" mb="sm">
      <Group gap="sm" wrap="wrap">
        <TextInput
          ref={searchRef}
          aria-label="Search mentions"
          placeholder='Search the text: "exact phrase", or, -word   ( / )'
          leftSection={<IconSearch size={16} />}
          rightSection={search ? <CloseButton size="sm" aria-label="Clear the search" onClick={() => setSearch('')} /> : null}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
            if (event.key === 'Enter') update({ q: search.trim() || null });
          }}
          style={{ flex: '1 1 260px' }}
          maw={420}
        />
        <Select aria-label="Topic" placeholder="All topics" data={topics.map((topic) => ({ value: topic.id, label: topic.name }))} value={filters.topicId ?? null} onChange={(value) => update({ topicId: value, queryId: null })} clearable searchable w={170} />
        <Select aria-label="Sentiment" placeholder="Any sentiment" data={Object.entries(sentimentNames).map(([value, label]) => ({ value, label }))} value={filters.sentiment ?? null} onChange={(value) => update({ sentiment: value })} clearable w={150} />
        <Select aria-label="Channel" placeholder="All channels" data={CHANNELS.map((channel) => ({ value: channel, label: channelName(channel) }))} value={filters.channel ?? null} onChange={(value) => update({ channel: value })} clearable w={150} />
        <Popover width={520} position="bottom-end" shadow="md" withinPortal trapFocus>
          <Popover.Target>
            <Button variant={moreCount > 0 ? 'light' : 'default'} leftSection={<IconAdjustmentsHorizontal size={16} />} rightSection={moreCount > 0 ? <Badge size="xs" circle>{moreCount}</Badge> : undefined}>
              More filters
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <SimpleGrid cols={2} spacing="sm">
              <Select label="Query" placeholder="Any query" data={queryData} value={filters.queryId ?? null} onChange={(value) => update({ queryId: value })} clearable searchable comboboxProps={{ withinPortal: false }} />
              <Select label="Language" placeholder="Any language" data={Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }))} value={filters.lang ?? null} onChange={(value) => update({ lang: value })} clearable searchable comboboxProps={{ withinPortal: false }} />
              <DatePickerInput
                type="range"
                label="Published"
                placeholder="Any date"
                value={[localDay(filters.from), localDayBefore(filters.to)]}
                onChange={([start, end]) => {
                  if (start && !end) return;
                  update({ from: dayStart(start), to: dayAfter(end) });
                }}
                clearable
                popoverProps={{ withinPortal: false }}
                maxDate={new Date()}
              />
              <NumberInput label="Author followers at least" placeholder="e.g. 10000" min={0} step={1000} thousandSeparator="," value={filters.minFollowers ? Number(filters.minFollowers) : ''} onChange={(value) => update({ minFollowers: value === '' || value === 0 ? null : String(value) })} />
              <DebouncedText label="Author" placeholder="@handle" value={filters.author} onChange={(value) => update({ author: value })} />
              <DebouncedText label="Source" placeholder="api, demo, a source id…" value={filters.source} onChange={(value) => update({ source: value })} />
              <Select label="Spam" data={SPAM_CHOICES} value={filters.spam ?? 'exclude'} onChange={(value) => update({ spam: value === 'exclude' ? null : value })} comboboxProps={{ withinPortal: false }} />
              <Select label="Relevance" placeholder="Any" data={RELEVANCE_CHOICES} value={filters.relevance ?? null} onChange={(value) => update({ relevance: value })} clearable comboboxProps={{ withinPortal: false }} />
              <DebouncedText label="Tag" placeholder="a tag" value={filters.tag} onChange={(value) => update({ tag: value?.toLowerCase().replace(/^#/, '') ?? null })} />
              <Select label="Assigned to team" placeholder="Any" data={teams.map((team) => ({ value: team.id, label: team.name }))} value={filters.assignedTeamId ?? null} onChange={(value) => update({ assignedTeamId: value })} clearable comboboxProps={{ withinPortal: false }} />
            </SimpleGrid>
          </Popover.Dropdown>
        </Popover>
      </Group>
      <ActiveFilters filters={filters} update={update} topicName={topicName} queries={queries} teams={teams} />
    </Stack>
  );
}

function DebouncedText({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string | undefined; onChange: (value: string | null) => void }) {
  const [text, setText] = useState(value ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 400);
  useEffect(() => {
    if (debounced !== (value ?? '')) onChange(debounced || null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return <TextInput label={label} placeholder={placeholder} value={text} onChange={(event) => setText(event.currentTarget.value)} />;
}

function ActiveFilters({ filters, update, topicName, queries, teams }: { filters: MentionFilters; update: Props['update']; topicName: Map<string, string>; queries: QueryRef[]; teams: { id: string; name: string }[] }) {
  const labelOf: Partial<Record<FilterKey, (value: string) => string>> = {
    q: (value) => `“${value}”`,
    topicId: (value) => `Topic: ${topicName.get(value) ?? value}`,
    queryId: (value) => `Query: ${queries.find((query) => query.id === value)?.name || value}`,
    sentiment: (value) => `Sentiment: ${value}`,
    channel: (value) => `Channel: ${channelName(value)}`,
    lang: (value) => `Language: ${LANGUAGES[value] ?? value}`,
    source: (value) => `Source: ${value}`,
    author: (value) => `Author: @${value.replace(/^@/, '')}`,
    minFollowers: (value) => `≥ ${Number(value).toLocaleString()} followers`,
    spam: (value) => (value === 'only' ? 'Only spam' : 'Spam shown'),
    relevance: (value) => `Relevance: ${RELEVANCE_CHOICES.find((choice) => choice.value === value)?.label ?? value}`,
    tag: (value) => `#${value}`,
    assignedTeamId: (value) => `Team: ${teams.find((team) => team.id === value)?.name ?? value}`,
    from: (value) => `From ${new Date(value).toLocaleDateString()}`,
    to: (value) => `Before ${new Date(value).toLocaleDateString()}`,
    clusterKey: () => 'Near-duplicates of one post',
    contactId: () => 'One contact',
    externalId: (value) => `Post ${value}`,
  };
  const active = (Object.keys(labelOf) as FilterKey[]).filter((key) => filters[key]);
  if (active.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" aria-label="Active filters">
      {active.map((key) => (
        <Badge key={key} variant="light" color="blue" tt="none" size="lg" radius="sm" pr={4} rightSection={<ActionIcon size="xs" variant="transparent" aria-label={`Remove filter ${labelOf[key]!(filters[key]!)}`} onClick={() => update({ [key]: null })}><IconX size={12} /></ActionIcon>}>
          {labelOf[key]!(filters[key]!)}
        </Badge>
      ))}
      {active.length > 1 && (
        <Button variant="subtle" size="compact-xs" onClick={() => update(Object.fromEntries(active.map((key) => [key, null])))}>
          Clear all
        </Button>
      )}
    </Group>
  );
}
