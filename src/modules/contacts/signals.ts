// Social signals on a profile, computed from its identities and interactions. The influence formula
// is published (GET /api/v1/contacts/signals) so people can see why someone counts as influential.

export const INFLUENCE_FORMULA =
  'influence = 100 × min(1, 0.55 × log10(1 + total followers) / 7 + 0.25 × engagement + 0.10 × verified + 0.10 × min(1, networks / 4))';
export const ENGAGEMENT_FORMULA = 'engagement = min(1, interactions in the last 90 days / 20)';

export type SignalInputs = { followersTotal: number; engagement: number; verified: boolean; networks: number };

export function influenceScore({ followersTotal, engagement, verified, networks }: SignalInputs): number {
  const reach = Math.log10(1 + Math.max(0, followersTotal)) / 7; // 10M followers → 1
  const score = 0.55 * reach + 0.25 * Math.min(1, Math.max(0, engagement)) + 0.1 * (verified ? 1 : 0) + 0.1 * Math.min(1, networks / 4);
  return Math.round(Math.min(1, score) * 1000) / 10;
}

export function engagementScore(recentInteractions: number): number {
  return Math.min(1, recentInteractions / 20);
}

/** The same influence formula in SQL, for statements that update signals without a round trip back. */
export function influenceSqlText(followers: string, engagement: string, verified: string, networks: string): string {
  return `round((least(1, 0.55 * log(1 + greatest(0, ${followers})::numeric) / 7 + 0.25 * least(1, greatest(0, ${engagement})) + 0.10 * (CASE WHEN ${verified} THEN 1 ELSE 0 END) + 0.10 * least(1, ${networks}::numeric / 4)) * 1000))::real / 10`;
}
