// /csat/:token: the page a customer opens from the survey link sent after their conversation was
// resolved. No sign-in: the token is the credential. A score from 1 to 5 and an optional comment;
// the answer can be changed for a day.
import { Alert, Button, Group, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconCircleCheck, IconLinkOff, IconMoodCry, IconMoodEmpty, IconMoodHappy, IconMoodSad, IconMoodSmile } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, errorMessage } from '../lib/api';
import { answerCsatSurvey, fetchCsatSurvey } from '../modules/inbox-metrics/csat-api';
import { AuthLayout } from '../ui/auth-layout';
import { EmptyState } from '../ui/empty-state';
import { FullPageLoader } from '../ui/full-page-loader';
import { QueryError } from '../ui/query-error';

const SCORES = [
  { score: 1, Face: IconMoodCry, label: 'Very unsatisfied' },
  { score: 2, Face: IconMoodSad, label: 'Unsatisfied' },
  { score: 3, Face: IconMoodEmpty, label: 'Neutral' },
  { score: 4, Face: IconMoodSmile, label: 'Satisfied' },
  { score: 5, Face: IconMoodHappy, label: 'Very satisfied' },
];

export function CsatPage() {
  const { token = '' } = useParams();
  const survey = useQuery({ queryKey: ['csat', token], queryFn: () => fetchCsatSurvey(token), retry: false });
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [editing, setEditing] = useState(false);
  const answer = useMutation({ mutationFn: () => answerCsatSurvey(token, { score: score!, comment }), onSuccess: () => setEditing(false) });

  if (survey.isPending) return <FullPageLoader />;
  if (survey.isError) {
    const status = survey.error instanceof ApiError ? survey.error.status : 0;
    return (
      <AuthLayout title="This survey link does not work">
        {status === 400 || status === 404 ? (
          <EmptyState bordered={false} icon={<IconLinkOff size={24} />} title="Invalid link" description="The link may be incomplete, or a newer survey replaced it." />
        ) : (
          <QueryError error={survey.error} onRetry={() => void survey.refetch()} />
        )}
      </AuthLayout>
    );
  }

  const current = answer.data ?? survey.data;
  if (current.answered && !editing) {
    return (
      <AuthLayout title="Thank you!" description={`Your answer helps ${current.workspaceName} look after its customers.`}>
        <Stack gap="md" align="center">
          <IconCircleCheck size={40} color="var(--mantine-color-teal-6)" />
          <Text size="sm" ta="center">
            You rated the conversation <b>{current.score} out of 5</b>
            {current.comment ? ` and said: “${current.comment}”` : '.'}
          </Text>
          {answer.data && !answer.data.changed && <Text size="xs" c="dimmed">Your first answer was kept: answers can only be changed for a day.</Text>}
          {current.canChange && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setScore(current.score);
                setComment(current.comment ?? '');
                setEditing(true);
              }}
            >
              Change my answer
            </Button>
          )}
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="How did we do?" description={`Rate your conversation with ${current.workspaceName}.`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (score !== null) answer.mutate();
        }}
      >
        <Stack gap="md">
          <Group justify="space-between" gap={4} role="radiogroup" aria-label="Your rating">
            {SCORES.map((option) => {
              const selected = score === option.score;
              return (
                <UnstyledButton
                  key={option.score}
                  role="radio"
                  aria-checked={selected}
                  aria-label={`${option.score} – ${option.label}`}
                  onClick={() => setScore(option.score)}
                  p="xs"
                  style={{
                    flex: 1,
                    textAlign: 'center',
                    borderRadius: 'var(--mantine-radius-md)',
                    border: `1px solid ${selected ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-default-border)'}`,
                    background: selected ? 'var(--mantine-color-blue-light)' : undefined,
                  }}
                >
                  <option.Face size={30} stroke={1.5} color={selected ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-dimmed)'} />
                  <Text size="xs" c={selected ? 'blue' : 'dimmed'}>
                    {option.score}
                  </Text>
                </UnstyledButton>
              );
            })}
          </Group>
          <Text size="xs" c="dimmed" ta="center">
            {score === null ? 'Pick a face: 1 is very unsatisfied, 5 very satisfied.' : SCORES[score - 1]!.label}
          </Text>
          <Textarea label="Anything to add? (optional)" value={comment} onChange={(event) => setComment(event.currentTarget.value)} maxLength={2000} autosize minRows={3} />
          {answer.isError && <Alert color="red">{errorMessage(answer.error)}</Alert>}
          <Button type="submit" disabled={score === null} loading={answer.isPending}>
            Send
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
