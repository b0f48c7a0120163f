// Small marks the queue and the conversation share: channel, public/private, priority, status, SLA.
import { Badge, Group, ThemeIcon, Tooltip } from '@mantine/core';
import { IconBrandInstagram, IconBrandMessenger, IconBrandTelegram, IconBrandWhatsapp, IconBrandX, IconClock, IconClockExclamation, IconMail, IconMessageChatbot, IconAntenna, IconWorld, IconLock, type Icon } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { computeSlaState, type SlaTargetName, type SlaTargetView, type SlaView } from '../../../../src/shared/sla-state';
import { dayjs, exactTime } from '../../lib/dates';
import type { Conversation, ConversationPriority, ConversationStatus } from './api';

const channelIcons: Record<string, { icon: Icon; color: string; label: string }> = {
  webchat: { icon: IconMessageChatbot, color: 'grape', label: 'Web chat' },
  listening: { icon: IconAntenna, color: 'blue', label: 'Social mention' },
  whatsapp: { icon: IconBrandWhatsapp, color: 'green', label: 'WhatsApp' },
  messenger: { icon: IconBrandMessenger, color: 'blue', label: 'Messenger' },
  instagram: { icon: IconBrandInstagram, color: 'pink', label: 'Instagram' },
  x: { icon: IconBrandX, color: 'dark', label: 'X' },
  telegram: { icon: IconBrandTelegram, color: 'cyan', label: 'Telegram' },
  email: { icon: IconMail, color: 'gray', label: 'Email' },
};

export const channelTypeLabel = (type: string) => channelIcons[type]?.label ?? type;

export function ChannelMark({ type, name, size = 22 }: { type: string; name?: string; size?: number }) {
  const mark = channelIcons[type] ?? { icon: IconWorld, color: 'gray', label: type };
  return (
    <Tooltip label={name ? `${mark.label} · ${name}` : mark.label} withArrow>
      <ThemeIcon size={size} radius="xl" variant="light" color={mark.color} aria-label={mark.label} role="img">
        <mark.icon size={Math.round(size * 0.6)} stroke={1.7} />
      </ThemeIcon>
    </Tooltip>
  );
}

export function VisibilityBadge({ visibility }: { visibility: Conversation['visibility'] }) {
  return visibility === 'public' ? (
    <Badge size="xs" variant="light" color="orange" leftSection={<IconWorld size={10} />} aria-label="Public: others can read it">
      Public
    </Badge>
  ) : (
    <Badge size="xs" variant="default" leftSection={<IconLock size={10} />} aria-label="Private message">
      Private
    </Badge>
  );
}

export const priorityColors: Record<ConversationPriority, string> = { urgent: 'red', high: 'orange', normal: 'gray', low: 'gray' };
export const priorityLabels: Record<ConversationPriority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };
export const statusLabels: Record<ConversationStatus, string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved' };
export const statusColors: Record<ConversationStatus, string> = { open: 'blue', pending: 'yellow', snoozed: 'violet', resolved: 'teal' };

export function PriorityBadge({ priority }: { priority: ConversationPriority }) {
  if (priority === 'normal') return null;
  return (
    <Badge size="xs" variant={priority === 'urgent' ? 'filled' : 'light'} color={priorityColors[priority]}>
      {priorityLabels[priority]}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return (
    <Badge size="xs" variant="light" color={statusColors[status]}>
      {statusLabels[status]}
    </Badge>
  );
}

const targetNames: Record<SlaTargetName, string> = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' };
/** The "SLA at risk" view's horizon: a target due this soon reads as a warning already. */
const AT_RISK_MINUTES = 30;

/** The SLA as the server computes it (src/shared/sla-state), from a conversation of the API. */
export function slaOf(conversation: Pick<Conversation, 'sla' | 'status' | 'firstResponseAt' | 'resolvedAt'>, now: number): SlaView {
  const { sla } = conversation;
  return computeSlaState(
    {
      slaPolicyId: sla.policyId,
      status: conversation.status,
      firstResponseDueAt: sla.firstResponseDueAt,
      nextResponseDueAt: sla.nextResponseDueAt,
      resolutionDueAt: sla.resolutionDueAt,
      firstResponseAt: conversation.firstResponseAt,
      resolvedAt: conversation.resolvedAt,
      slaWarned: sla.warned,
      slaBreached: sla.breached,
    },
    { now: new Date(now), warnBeforeMinutes: AT_RISK_MINUTES },
  );
}

/** Re-renders every `ms` so countdowns move. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const stateColors: Record<SlaTargetView['state'], string> = { ok: 'gray', warning: 'orange', breached: 'red', met: 'teal' };

export function SlaBadge({ target, now, long = false, paused = false }: { target: SlaTargetView | null; now: number; long?: boolean; paused?: boolean }) {
  if (!target) return null;
  const name = targetNames[target.target];
  const when = target.dueAt ? dayjs(target.dueAt).from(now) : '';
  const text =
    target.state === 'met'
      ? `${name} met`
      : target.state === 'breached'
        ? long
          ? `${name} breached ${when}`
          : 'SLA breached'
        : `${long ? `${name} due ` : ''}${when}${paused ? ' (paused)' : ''}`;
  return (
    <Tooltip label={target.dueAt ? `${name} ${target.state === 'breached' ? 'was due' : 'due'} ${exactTime(target.dueAt)}${paused ? '; the clock waits while the customer is asked or the conversation is snoozed' : ''}` : `${name} met`} withArrow>
      <Badge
        size={long ? 'sm' : 'xs'}
        variant={target.state === 'breached' ? 'filled' : 'light'}
        color={paused ? 'gray' : stateColors[target.state]}
        leftSection={target.state === 'breached' ? <IconClockExclamation size={11} /> : <IconClock size={11} />}
        tt="none"
        data-testid="sla-badge"
        data-state={target.state}
      >
        {text}
      </Badge>
    </Tooltip>
  );
}

export function SlaTimers({ conversation }: { conversation: Pick<Conversation, 'sla' | 'status' | 'firstResponseAt' | 'resolvedAt'> }) {
  const now = useNow(15_000);
  const sla = slaOf(conversation, now);
  if (sla.targets.length === 0) return null;
  return (
    <Group gap={6}>
      {sla.targets.map((target) => (
        <SlaBadge key={target.target} target={target} now={now} long paused={sla.paused} />
      ))}
    </Group>
  );
}
