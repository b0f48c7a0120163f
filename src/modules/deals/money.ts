// Exact sums of decimal amounts (numeric(14,2) arrives as a string): cents as bigint, never floats.
import type { Money } from './schema.js';

const toCents = (amount: string): bigint => {
  const [whole = '0', fraction = ''] = amount.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '') || '0') * 100n + BigInt((fraction + '00').slice(0, 2)));
};

const fromCents = (cents: bigint): string => {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

/** Sums amounts per currency, currencies in alphabetical order. */
export function sumByCurrency(items: { amount: string | null; currency: string | null }[]): Money[] {
  const totals = new Map<string, bigint>();
  for (const item of items) {
    if (item.amount === null || !item.currency) continue;
    totals.set(item.currency, (totals.get(item.currency) ?? 0n) + toCents(item.amount));
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, cents]) => ({ amount: fromCents(cents), currency }));
}

/** "12.5" → "12.50", as PostgreSQL returns numeric(14,2). */
export const normalizeAmount = (amount: string): string => fromCents(toCents(amount));
