import type { MetricsGroupBy, MetricValues } from './api';

/** A duration in seconds as people read it: "45 s", "12 min", "3 h 20 min", "2.5 d". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}

export const formatPercent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
export const formatScore = (score: number | null) => (score === null ? '—' : score.toFixed(2).replace(/\.?0+$/, ''));

export const channelLabels: Record<string, string> = {
  webchat: 'Web chat',
  listening: 'Mentions',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  x: 'X',
  telegram: 'Telegram',
  email: 'Email',
};

export const groupByLabels: Record<MetricsGroupBy, string> = { agent: 'Agent', team: 'Team', channel: 'Channel', day: 'Day', week: 'Week' };

/** Whether a period has anything to show at all. */
export const hasActivity = (values: MetricValues) =>
  values.conversationsCreated + values.conversationsResolved + values.inboundMessages + values.outboundMessages + values.csat.responses > 0;
