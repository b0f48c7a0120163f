import { Alert, Badge, Button, Code, Grid, Group, Kbd, List, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconAlertTriangle, IconBolt } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { ApiError, errorCode, formError } from '../../../lib/api';
import type { ListeningQuery, Topic } from './api';
import { useQueryCheck, useQueryPreview, useSaveQuery } from './hooks';
import { HighlightedQuery, QueryInput } from './query-input';
import { QueryPreview } from './query-preview';

const LEGEND = 'lumen AND ("cold brew" OR #lumencoffee) NOT @lumenjobs site:reddit.com lang:en "lumen app"~3 NEAR/5 brew* $LMN';

type QueryEditorModalProps = {
  topic: Topic;
  topics: Topic[];
  /** null: a new query */
  query: ListeningQuery | null;
  onClose: () => void;
};

/** Write or change a query: coloured as you type, checked by the server, previewed on stored mentions. */
export function QueryEditorModal({ topic, topics, query, onClose }: QueryEditorModalProps) {
  const wide = useMediaQuery('(min-width: 62em)');
  const [name, setName] = useState(query?.name ?? '');
  const [text, setText] = useState(query?.query ?? '');
  const [topicId, setTopicId] = useState(query?.topicId ?? topic.id);
  const [checked] = useDebouncedValue(text, 350);
  const check = useQueryCheck(checked);
  const save = useSaveQuery();
  const helpId = useId();

  // The checker's answer counts only for the text on screen; while typing, the last one fades.
  const current = check.data && !check.isPlaceholderData && checked === text ? check.data : null;
  const saveError = errorCode(save.error) === 'query.invalid' && save.error instanceof ApiError ? (save.error.details as { position?: number; message?: string }) : null;
  const error = current?.error ?? (saveError && typeof saveError.position === 'number' ? { position: saveError.position, message: saveError.message ?? '' } : null);
  const valid = current?.valid === true;
  const preview = useQueryPreview(checked, topicId, check.data?.valid === true && checked.trim() !== '');

  const submit = () => {
    if (text.trim() === '' || save.isPending) return;
    save.mutate(
      { queryId: query?.id ?? null, input: { topicId, name: name.trim(), query: text } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: query ? 'Query saved.' : 'Query added. New posts are matched against it within seconds.' });
          onClose();
        },
      },
    );
  };

  const otherMessage = save.error && !saveError ? formError(save.error, []) : null;

  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>{query ? 'Edit query' : `New query in ${topic.name}`}</Text>}
      size={wide ? 'min(1180px, 96vw)' : 'lg'}
      fullScreen={!wide && typeof window !== 'undefined' && window.innerWidth < 600}
      closeOnClickOutside={false}
    >
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            <Group grow align="flex-start" gap="sm" wrap="wrap">
              <TextInput label="Name" placeholder="Optional, e.g. Brand name and hashtags" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} />
              {query && (
                <Select
                  label="Topic"
                  data={topics.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
                  value={topicId}
                  onChange={(value) => value && setTopicId(value)}
                  allowDeselect={false}
                  searchable
                />
              )}
            </Group>
            <div>
              <Text component="label" size="sm" fw={500} mb={4} display="block">
                Query
              </Text>
              <QueryInput value={text} onChange={setText} errorPosition={error?.position ?? null} onSubmit={submit} label="Query" describedBy={helpId} autoFocus />
            </div>
            <div id={helpId} aria-live="polite">
              {error ? (
                <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} p="xs" role="alert" data-testid="query-error">
                  <Text size="sm">
                    <Text span fw={600}>
                      Character {error.position + 1}:
                    </Text>{' '}
                    {error.message}
                  </Text>
                </Alert>
              ) : valid ? (
                <Group gap={6}>
                  <Badge color="teal" variant="light" size="sm">
                    Valid
                  </Badge>
                  {current?.indexable === false && (
                    <Badge color="yellow" variant="light" size="sm" leftSection={<IconBolt size={12} />}>
                      Checked against every post
                    </Badge>
                  )}
                </Group>
              ) : null}
            </div>
            {(current?.warnings.length ?? 0) > 0 && (
              <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} p="xs" title="Warnings">
                <List size="sm" spacing={2}>
                  {current!.warnings.map((warning) => (
                    <List.Item key={`${warning.position}-${warning.message}`}>
                      Character {warning.position + 1}: {warning.message}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {valid && current?.canonical && (
              <div>
                <Text size="xs" c="dimmed" mb={2}>
                  As Parley reads it
                </Text>
                <Code block data-testid="query-canonical" style={{ whiteSpace: 'pre-wrap' }}>
                  {current.canonical}
                </Code>
              </div>
            )}
            <div>
              <Text size="xs" c="dimmed" mb={2}>
                Syntax: operators, phrases, proximity, #hashtags, @mentions, $cashtags, wildcards and fields
              </Text>
              <HighlightedQuery text={LEGEND} />
            </div>
            {otherMessage && (
              <Alert color="red" variant="light">
                {otherMessage}
              </Alert>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <QueryPreview preview={preview.data} loading={preview.isFetching || (check.isFetching && text === checked)} error={preview.error} waiting={!valid && text.trim() !== ''} hasTopic />
        </Grid.Col>
      </Grid>
      <Group justify="space-between" mt="lg" gap="sm">
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> saves · <Kbd size="xs">Esc</Kbd> cancels
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={text.trim() === '' || current?.valid === false}>
            {query ? 'Save query' : 'Add query'}
          </Button>
        </Group>
      </Group>
    </Modal>
  );
}
