import { Alert, Badge, Box, Group, Loader, Paper, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../lib/api';
import { dayjs } from '../../../lib/dates';
import { RelativeTime } from '../../../ui/relative-time';
import type { PreviewSample, QueryPreview as Preview } from './api';

const number = new Intl.NumberFormat();

/** The text with the matching words marked. */
function Marked({ text, ranges }: { text: string; ranges: { start: number; end: number }[] }) {
  const out: ReactNode[] = [];
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < at) continue;
    out.push(text.slice(at, range.start));
    out.push(
      <mark key={range.start} style={{ background: 'var(--mantine-color-yellow-light)', color: 'inherit', borderRadius: 2, padding: '0 1px' }}>
        {text.slice(range.start, range.end)}
      </mark>,
    );
    at = range.end;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

function DayBars({ days }: { days: Preview['days'] }) {
  const max = Math.max(1, ...days.map((day) => day.count));
  return (
    <Group gap={4} align="flex-end" h={40} wrap="nowrap" aria-label="Matches per day">
      {days.map((day) => (
        <Tooltip key={day.date} label={`${dayjs(day.date).format('ddd D MMM')}: ${number.format(day.count)}`} withArrow>
          <Box
            flex={1}
            h={`${Math.max(4, (day.count / max) * 100)}%`}
            bg={day.count > 0 ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}
            style={{ borderRadius: 3, opacity: day.count > 0 ? 0.85 : 1 }}
          />
        </Tooltip>
      ))}
    </Group>
  );
}

function Sample({ sample }: { sample: PreviewSample }) {
  const inText = sample.highlights.filter((mark) => mark.field === 'text');
  const inTitle = sample.highlights.filter((mark) => mark.field === 'title');
  return (
    <Paper withBorder radius="sm" p="xs" component="li" style={{ listStyle: 'none' }}>
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={2}>
        <Text size="xs" c="dimmed" truncate>
          {sample.authorHandle ? `@${sample.authorHandle}` : sample.authorName ?? sample.source}
          {sample.channel ? ` · ${sample.channel}` : ''}
        </Text>
        <Group gap={6} wrap="nowrap">
          {sample.inTopic && (
            <Badge size="xs" variant="light" color="gray">
              In topic
            </Badge>
          )}
          <RelativeTime value={sample.publishedAt} size="xs" />
        </Group>
      </Group>
      {sample.title && (
        <Text size="sm" fw={600} lineClamp={1}>
          <Marked text={sample.title} ranges={inTitle} />
        </Text>
      )}
      <Text size="sm" lineClamp={4} style={{ overflowWrap: 'anywhere' }}>
        <Marked text={sample.text} ranges={inText} />
      </Text>
    </Paper>
  );
}

type QueryPreviewProps = { preview: Preview | undefined; loading: boolean; error: unknown; waiting: boolean; hasTopic: boolean };

/** What the query would have matched among stored mentions: count, daily volume, samples. */
export function QueryPreview({ preview, loading, error, waiting, hasTopic }: QueryPreviewProps) {
  return (
    <Stack gap="sm" h="100%" data-testid="query-preview">
      <Group justify="space-between" gap="xs">
        <Text fw={600} size="sm">
          Preview · last 7 days
        </Text>
        {loading && <Loader size="xs" aria-label="Updating the preview" />}
      </Group>
      {error ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />}>
          {errorMessage(error)}
        </Alert>
      ) : !preview ? (
        <Paper withBorder radius="md" p="lg" style={{ borderStyle: 'dashed' }}>
          <Stack align="center" gap={6}>
            <IconSearch size={22} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed" ta="center">
              {waiting ? 'Fix the query to see what it matches.' : 'Type a query to see which stored mentions it matches and how many a day to expect.'}
            </Text>
          </Stack>
        </Paper>
      ) : (
        <>
          <Group gap="lg" align="flex-end" wrap="nowrap" style={{ opacity: waiting ? 0.5 : 1 }}>
            <div>
              <Text fz={28} fw={700} lh={1.1} data-testid="preview-count">
                {number.format(preview.matched)}
              </Text>
              <Text size="xs" c="dimmed">
                {preview.matched === 1 ? 'mention matched' : 'mentions matched'}
              </Text>
            </div>
            <div>
              <Text fz={20} fw={600} lh={1.1} data-testid="preview-daily">
                ≈ {number.format(preview.dailyEstimate)}
              </Text>
              <Text size="xs" c="dimmed">
                a day
              </Text>
            </div>
            <Box flex={1} miw={80}>
              <DayBars days={preview.days} />
            </Box>
          </Group>
          <Text size="xs" c="dimmed">
            Among the {number.format(preview.scanned)} mentions stored since {dayjs(preview.from).format('D MMM')}
            {preview.truncated ? ' (the newest ones only)' : ''}
            {hasTopic && preview.matched > 0 ? `; ${number.format(preview.alreadyInTopic)} already in this topic` : ''}. Posts no query matched were
            not kept, so a new term may find more once saved.
          </Text>
          {preview.samples.length > 0 ? (
            <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
              <Stack gap={6} component="ul" m={0} p={0} aria-label="Sample matches">
                {preview.samples.map((sample) => (
                  <Sample key={sample.id} sample={sample} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          ) : (
            <Text size="sm" c="dimmed">
              No stored mention matches yet.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
