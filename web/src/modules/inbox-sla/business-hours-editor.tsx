import { ActionIcon, Alert, Badge, Box, Button, CloseButton, Group, Paper, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { formError } from '../../lib/api';
import type { BusinessHours, BusinessHoursInput, Weekday, WeeklyHours } from './api';
import { clockTime } from './format';
import { useBusinessHours, useSaveBusinessHours } from './hooks';

// Monday first, as most teams plan their week; the API numbers days from Sunday (0).
const week: { day: Weekday; label: string }[] = [
  { day: '1', label: 'Monday' },
  { day: '2', label: 'Tuesday' },
  { day: '3', label: 'Wednesday' },
  { day: '4', label: 'Thursday' },
  { day: '5', label: 'Friday' },
  { day: '6', label: 'Saturday' },
  { day: '0', label: 'Sunday' },
];

const nineToFive = (): WeeklyHours => ({ '0': [], '1': [[540, 1020]], '2': [[540, 1020]], '3': [[540, 1020]], '4': [[540, 1020]], '5': [[540, 1020]], '6': [] });

function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** "HH:MM" → minutes; an end of 00:00 means midnight at the end of the day (1440). */
const minutesOf = (value: string, isEnd: boolean): number | null => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return isEnd && minutes === 0 ? 1440 : minutes;
};
const inputTime = (minute: number) => (minute === 1440 ? '00:00' : clockTime(minute));

/** What is wrong with a day's intervals, in words (the server checks the same). */
function dayProblem(intervals: [number, number][]): string | null {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < sorted.length; i += 1) {
    const [start, end] = sorted[i]!;
    if (end <= start) return `${clockTime(start)}–${inputTime(end)} ends before it starts: split a night shift into two days (until 00:00, then from 00:00).`;
    const next = sorted[i + 1];
    if (next && next[0] < end) return `${clockTime(start)}–${clockTime(end)} overlaps ${clockTime(next[0])}–${clockTime(next[1])}.`;
  }
  return null;
}

/** A day's open hours drawn on a 24-hour bar. */
function DayBar({ intervals }: { intervals: [number, number][] }) {
  return (
    <Box pos="relative" h={10} w={180} bg="var(--mantine-color-default-border)" style={{ borderRadius: 5, overflow: 'hidden', flex: '0 0 auto' }} aria-hidden>
      {intervals
        .filter(([start, end]) => end > start)
        .map(([start, end]) => (
          <Box key={`${start}-${end}`} pos="absolute" top={0} bottom={0} left={`${(start / 1440) * 100}%`} w={`${((end - start) / 1440) * 100}%`} bg="teal.6" />
        ))}
    </Box>
  );
}

function BusinessHoursForm({ saved, canManage }: { saved: BusinessHours; canManage: boolean }) {
  const [draft, setDraft] = useState<BusinessHoursInput>({ timezone: saved.timezone, weeklyHours: saved.weeklyHours, holidays: saved.holidays });
  const [holiday, setHoliday] = useState('');
  const save = useSaveBusinessHours();
  const zones = useMemo(() => timeZones().map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') })), []);

  const hours = draft.weeklyHours;
  const setDay = (day: Weekday, intervals: [number, number][]) => setDraft((current) => ({ ...current, weeklyHours: { ...(current.weeklyHours ?? nineToFive()), [day]: intervals } }));
  const problems = hours ? week.map(({ day, label }) => [label, dayProblem(hours[day])] as const).filter(([, problem]) => problem) : [];
  const neverOpen = hours !== null && week.every(({ day }) => hours[day].length === 0);
  const general = formError(save.error, []);
  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) return;
    setDraft((current) => ({ ...current, holidays: [...new Set([...current.holidays, holiday])].sort() }));
    setHoliday('');
  };

  return (
    <Stack gap="md" data-testid="business-hours">
      <Group align="flex-end" gap="lg">
        <Select label="Time zone" data={zones} value={draft.timezone} onChange={(value) => value && setDraft((current) => ({ ...current, timezone: value }))} searchable w={280} disabled={!canManage} allowDeselect={false} />
        <Switch
          label="Open around the clock"
          checked={hours === null}
          disabled={!canManage}
          onChange={(event) => setDraft((current) => ({ ...current, weeklyHours: event.currentTarget.checked ? null : nineToFive() }))}
          mb={8}
        />
      </Group>

      {hours && (
        <Paper withBorder radius="md" p="sm">
          <Stack gap={6}>
            {week.map(({ day, label }) => (
              <Group key={day} gap="sm" wrap="nowrap" align="center" data-day={label} mih={36}>
                <Text w={96} size="sm" fw={500}>
                  {label}
                </Text>
                <DayBar intervals={hours[day]} />
                <Group gap="xs" style={{ flex: 1 }}>
                  {hours[day].length === 0 && (
                    <Text size="sm" c="dimmed">
                      Closed
                    </Text>
                  )}
                  {hours[day].map(([start, end], index) => (
                    <Group key={index} gap={4} wrap="nowrap">
                      <TextInput
                        type="time"
                        size="xs"
                        aria-label={`${label} opens`}
                        value={clockTime(start)}
                        disabled={!canManage}
                        onChange={(event) => {
                          const value = minutesOf(event.currentTarget.value, false);
                          if (value !== null) setDay(day, hours[day].map((interval, i) => (i === index ? [value, interval[1]] : interval)));
                        }}
                      />
                      <Text size="sm">–</Text>
                      <TextInput
                        type="time"
                        size="xs"
                        aria-label={`${label} closes`}
                        value={inputTime(end)}
                        disabled={!canManage}
                        onChange={(event) => {
                          const value = minutesOf(event.currentTarget.value, true);
                          if (value !== null) setDay(day, hours[day].map((interval, i) => (i === index ? [interval[0], value] : interval)));
                        }}
                      />
                      {canManage && <CloseButton size="sm" aria-label={`Remove ${label} ${clockTime(start)}–${inputTime(end)}`} onClick={() => setDay(day, hours[day].filter((_, i) => i !== index))} />}
                    </Group>
                  ))}
                  {canManage && (
                    <Tooltip label={`Add opening hours on ${label}`}>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label={`Add hours on ${label}`}
                        onClick={() => {
                          const last = hours[day].reduce((max, [, end]) => Math.max(max, end), 0);
                          const start = hours[day].length === 0 ? 540 : Math.min(last + 60, 1380);
                          setDay(day, [...hours[day], [start, Math.min(start + 240, 1440)]]);
                        }}
                      >
                        <IconPlus size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  {canManage && day === '1' && hours['1'].length > 0 && (
                    <Button size="compact-xs" variant="subtle" leftSection={<IconCopy size={12} />} onClick={() => (['2', '3', '4', '5'] as Weekday[]).forEach((other) => setDay(other, hours['1']))}>
                      Copy to Tuesday–Friday
                    </Button>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt="xs">
            A night shift is two intervals: until 00:00 on one day, from 00:00 on the next.
          </Text>
        </Paper>
      )}

      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Holidays
        </Text>
        <Text size="xs" c="dimmed">
          Closed all day in the team’s time zone; SLA targets wait for the next open day.
        </Text>
        <Group gap="xs" data-testid="holidays">
          {draft.holidays.length === 0 && (
            <Text size="sm" c="dimmed">
              No holidays.
            </Text>
          )}
          {draft.holidays.map((day) => (
            <Badge key={day} variant="light" size="lg" rightSection={canManage && <CloseButton size="xs" aria-label={`Remove holiday ${day}`} onClick={() => setDraft((current) => ({ ...current, holidays: current.holidays.filter((d) => d !== day) }))} />}>
              {new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })}
            </Badge>
          ))}
        </Group>
        {canManage && (
          <Group gap="xs" align="flex-end">
            <TextInput type="date" size="xs" aria-label="Holiday date" value={holiday} onChange={(event) => setHoliday(event.currentTarget.value)} />
            <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={addHoliday} disabled={!holiday}>
              Add holiday
            </Button>
          </Group>
        )}
      </Stack>

      {(problems.length > 0 || neverOpen) && (
        <Alert color="orange" variant="light" title="Check the hours">
          {neverOpen ? 'The team is never open: add hours to at least one day, or switch on “Open around the clock”.' : problems.map(([label, problem]) => `${label}: ${problem}`).join(' ')}
        </Alert>
      )}
      {general && (
        <Alert color="red" variant="light">
          {general}
        </Alert>
      )}
      {canManage && (
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            disabled={problems.length > 0 || neverOpen}
            onClick={() => save.mutate({ teamId: saved.teamId, input: draft }, { onSuccess: () => notifications.show({ color: 'teal', message: 'Business hours saved.' }) })}
          >
            Save business hours
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** One team's SLA calendar: time zone, weekly opening hours, holidays. */
export function BusinessHoursEditor({ teamId, canManage }: { teamId: string; canManage: boolean }) {
  const hours = useBusinessHours(teamId);
  if (hours.isPending) return <Text size="sm" c="dimmed">Loading…</Text>;
  if (hours.isError) return <Alert color="red">{formError(hours.error, [])}</Alert>;
  // Keyed by the saved version, so the form starts over from what the server holds after a save.
  return <BusinessHoursForm key={`${teamId}:${hours.dataUpdatedAt}`} saved={hours.data} canManage={canManage} />;
}
