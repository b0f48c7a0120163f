import { dayjs } from '../../lib/dates';
import type { AcquisitionSource, Deal, Money } from './api';

export function formatMoney(money: Money, compact = false): string {
  const value = Number(money.amount);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency, notation: compact ? 'compact' : 'standard', maximumFractionDigits: compact ? 1 : 2 }).format(value);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

export function formatTotals(amounts: Money[]): string {
  return amounts.length === 0 ? '—' : amounts.map((money) => formatMoney(money, true)).join(' · ');
}

export const sourceLabels: Record<AcquisitionSource, string> = {
  channel: 'Social channel',
  mention: 'Mention',
  conversation: 'Conversation',
  community_thread: 'Community thread',
  campaign: 'Campaign',
  referral: 'Referral',
  import: 'Import',
  manual: 'Manual',
  other: 'Other',
};

export function isOverdue(deal: Deal): boolean {
  return deal.status === 'open' && deal.expectedCloseDate !== null && dayjs(deal.expectedCloseDate).isBefore(dayjs().startOf('day'));
}

/** Sums per currency in cents, for the optimistic board. */
export function sumAmounts(deals: Deal[]): Money[] {
  const totals = new Map<string, number>();
  for (const deal of deals) {
    if (!deal.amount) continue;
    totals.set(deal.amount.currency, (totals.get(deal.amount.currency) ?? 0) + Math.round(Number(deal.amount.amount) * 100));
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ currency, amount: (cents / 100).toFixed(2) }));
}
