import { describe, expect, it } from 'vitest';
import { excerpt, extractMentionIds, mentionsAsText } from './mentions.js';

describe('mentions', () => {
  const body = 'Call back @[Ana Lima](member:mem_a1) and @[Bo](member:mem_b2), cc @[Ana Lima](member:mem_a1). mail@example.com @[x](nope)';

  it('extracts each mentioned member id once, in order', () => {
    expect(extractMentionIds(body)).toEqual(['mem_a1', 'mem_b2']);
    expect(extractMentionIds('no mentions @here')).toEqual([]);
  });

  it('renders mentions as @Name and makes short excerpts', () => {
    expect(mentionsAsText(body)).toBe('Call back @Ana Lima and @Bo, cc @Ana Lima. mail@example.com @[x](nope)');
    expect(excerpt('a\n\n  b')).toBe('a b');
    expect(excerpt('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
