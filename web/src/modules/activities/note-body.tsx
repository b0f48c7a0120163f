import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

const MENTION = /@\[([^\]\n]{1,120})\]\(member:([A-Za-z0-9_]{1,100})\)/g;

/** A note as people read it: text with each `@[Name](member:id)` token shown as a highlighted @Name. */
export function NoteBody({ body }: { body: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const index = match.index;
    if (index > last) parts.push(body.slice(last, index));
    parts.push(
      <Text key={`${index}-${match[2]}`} component="span" fw={600} c="var(--mantine-color-blue-light-color)" bg="var(--mantine-color-blue-light)" px={3} style={{ borderRadius: 4 }} data-member-id={match[2]}>
        @{match[1]}
      </Text>,
    );
    last = index + match[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts}
    </Text>
  );
}
