import { describe, expect, it } from 'vitest';
import { newId, newSortableId } from './ids.js';

describe('ids', () => {
  it('makes prefixed random ids of 20 characters', () => {
    const ids = Array.from({ length: 1000 }, () => newId('cv'));
    for (const id of ids) expect(id).toMatch(/^cv_[0-9a-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes sortable ids in the same shape, in the order of the time they were made', () => {
    const start = Date.UTC(2026, 10, 28);
    // Times a millisecond, a second, a day and a century apart, made in a shuffled order.
    const times = [start, start + 1, start + 1000, start + 86_400_000, start + 100 * 365 * 86_400_000];
    const made = [3, 0, 4, 1, 2].map((n) => ({ n, id: newSortableId('ct', times[n]) }));
    for (const { id } of made) expect(id).toMatch(/^ct_[0-9a-z]{20}$/);
    expect([...made].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ n }) => n)).toEqual([0, 1, 2, 3, 4]);
    // Within one millisecond they still differ.
    const same = Array.from({ length: 1000 }, () => newSortableId('ct', start));
    expect(new Set(same).size).toBe(same.length);
  });
});
