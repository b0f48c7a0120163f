// The inbox metrics API (GET /inbox-metrics): its types and the one call.
import { request, type One } from '../../lib/api';

export type MetricsGroupBy = 'agent' | 'team' | 'channel' | 'day' | 'week';
export type TimeStats = { count: number; median: number | null; p90: number | null; mean: number | null };
export type MetricValues = {
  conversationsCreated: number;
  conversationsResolved: number;
  inboundMessages: number;
  outboundMessages: number;
  answeredMessages: number;
  responseRate: number | null;
  firstResponse: TimeStats;
  responseTime: TimeStats;
  resolution: TimeStats;
  sla: { met: number; breached: number; attainment: number | null; firstResponse: { met: number; breached: number }; resolution: { met: number; breached: number } };
  csat: { responses: number; average: number | null; satisfied: number | null };
};
export type InboxMetrics = {
  from: string;
  to: string;
  groupBy: MetricsGroupBy;
  interval: 'day' | 'week';
  timeZone: string;
  businessHours: boolean;
  totals: MetricValues;
  rows: (MetricValues & { key: string | null; label: string })[];
  series: (MetricValues & { bucket: string })[];
};
export type MetricsQuery = { from: string; to: string; groupBy: MetricsGroupBy; timeZone: string; businessHours: boolean; teamId?: string; channel?: string };

export async function fetchInboxMetrics(workspaceId: string, query: MetricsQuery): Promise<InboxMetrics> {
  const { businessHours, ...rest } = query;
  return (await request<One<InboxMetrics>>('/inbox-metrics', { workspaceId, query: { ...rest, businessHours: businessHours ? 'true' : undefined } })).data;
}
