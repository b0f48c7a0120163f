import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { dayjs, fromNow } from '../../../lib/dates';
import type { Source, SourceHealthState } from './api';

const states: Record<SourceHealthState, { label: string; color: string }> = {
  ok: { label: 'Working', color: 'teal' },
  new: { label: 'Not run yet', color: 'blue' },
  retrying: { label: 'Retrying', color: 'yellow' },
  rate_limited: { label: 'Rate-limited', color: 'orange' },
  needs_reconnect: { label: 'Reconnect needed', color: 'red' },
  needs_resync: { label: 'Resyncing', color: 'orange' },
  misconfigured: { label: 'Check settings', color: 'red' },
  paused: { label: 'Off', color: 'gray' },
};

const at = (iso: string) => (dayjs(iso).isSame(dayjs(), 'day') ? dayjs(iso).format('HH:mm') : dayjs(iso).format('D MMM HH:mm'));

/** The source's state in plain words: what happened and what to do about it. */
export function healthSentence(source: Source): string | null {
  const { state, lastErrorKind, nextPollAt, failures } = source.health;
  if (state === 'paused') return 'Turned off: no posts are read until you turn it on.';
  if (state === 'new') return source.mode === 'webhook' ? 'Waiting for the first post to arrive at its webhook.' : 'Waiting for its first poll.';
  if (state === 'ok') return null;
  switch (lastErrorKind) {
    case 'credentials':
      if (source.type === 'rss') return 'The feed refused the username and password — enter them again.';
      return state === 'needs_reconnect' ? 'The token was refused — reconnect with new credentials.' : 'The credentials were refused.';
    case 'rate_limited':
      return nextPollAt ? `Rate-limited until ${at(nextPollAt)}.` : 'Rate-limited by the platform.';
    case 'config':
      return 'The settings are not accepted — check them and save again.';
    case 'cursor':
      return 'It lost its place in the feed and starts again from the newest posts.';
    case 'temporary':
      return `Could not be reached${failures > 1 ? ` ${failures} times in a row` : ''}${nextPollAt ? `; trying again ${fromNow(nextPollAt)}` : ''}.`;
    default:
      return null;
  }
}

export function HealthBadge({ source }: { source: Source }) {
  const state = states[source.health.state];
  return (
    <Badge color={state.color} variant="light" size="sm" style={{ flexShrink: 0 }}>
      {state.label}
    </Badge>
  );
}

/** The badge, the sentence, and the platform's own message on hover. */
export function SourceHealth({ source }: { source: Source }) {
  const sentence = healthSentence(source);
  return (
    <Stack gap={4} align="flex-start">
      <HealthBadge source={source} />
      {sentence && (
        <Tooltip label={source.health.lastError ?? sentence} disabled={!source.health.lastError} multiline w={360} withArrow>
          <Text size="xs" c={source.health.state === 'paused' || source.health.state === 'new' ? 'dimmed' : 'var(--mantine-color-red-text)'} maw={300} data-testid="source-health-sentence">
            {sentence}
          </Text>
        </Tooltip>
      )}
    </Stack>
  );
}
