// Words for SLA durations, targets and channels, shared by the settings screen and the inbox badges.
import type { ChannelType, Priority, SlaPolicy } from './api';

/** 90 → "1 h 30 min", 1440 → "24 h", 45 → "45 min". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  const sign = minutes < 0 ? '−' : '';
  if (hours === 0) return `${sign}${rest} min`;
  return rest === 0 ? `${sign}${hours} h` : `${sign}${hours} h ${rest} min`;
}

/** 540 → "09:00"; 1440 → "24:00". */
export const clockTime = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export const targetLabels = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' } as const;

export const priorityLabels: Record<Priority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

export const channelLabels: Record<ChannelType, string> = {
  webchat: 'Web chat',
  listening: 'Listening mentions',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  x: 'X',
  telegram: 'Telegram',
  email: 'Email',
};

/** "Urgent, High · X, Web chat" or "Every conversation". */
export function describeScope(policy: Pick<SlaPolicy, 'priorities' | 'channelTypes'>): string {
  const parts = [policy.priorities.map((p) => priorityLabels[p]).join(', '), policy.channelTypes.map((c) => channelLabels[c]).join(', ')].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'Every conversation';
}
