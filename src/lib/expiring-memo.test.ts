import { expect, it } from 'vitest';
import { ExpiringMemo } from './expiring-memo.js';

it('keeps an answer for its time, drops the oldest written past its size, and forgets what it is told to', () => {
  const memo = new ExpiringMemo<string, number>(1_000, 2);
  memo.set('a', 1, 0);
  expect(memo.get('a', 999)).toBe(1);
  expect(memo.get('a', 1_000)).toBeUndefined();
  memo.set('b', 2, 0);
  memo.set('a', 10, 500); // written again: now the newest
  memo.set('c', 3, 600); // over the size: b, the oldest written, goes
  expect([memo.get('a', 700), memo.get('b', 700), memo.get('c', 700)]).toEqual([10, undefined, 3]);
  memo.forgetWhere((_key, value) => value > 5);
  expect([memo.get('a', 700), memo.get('c', 700)]).toEqual([undefined, 3]);
});
