import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArticle, IconVideo } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../lib/api';
import type { KnowledgeArticle, KnowledgeKind } from './api';
import { useSaveKnowledgeArticle } from './hooks';

/** Languages offered first; any code (pt-BR, ja…) can be typed. Articles in the conversation's language are suggested first. */
export const knowledgeLanguages = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'French' },
  { value: 'de', label: 'German' },
  { value: 'es', label: 'Spanish' },
  { value: 'it', label: 'Italian' },
  { value: 'pt', label: 'Portuguese' },
  { value: 'nl', label: 'Dutch' },
];

/** Adds or edits an article or a video demo of the knowledge library. Mount only while open. */
export function KnowledgeArticleEditor({ article, onClose }: { article?: KnowledgeArticle; onClose: () => void }) {
  const save = useSaveKnowledgeArticle();
  const [kind, setKind] = useState<KnowledgeKind>(article?.kind ?? 'article');
  const [title, setTitle] = useState(article?.title ?? '');
  const [url, setUrl] = useState(article?.url ?? '');
  const [language, setLanguage] = useState<string | null>(article?.language ?? null);
  const [tags, setTags] = useState<string[]>(article?.tags ?? []);
  const [body, setBody] = useState(article?.body ?? '');
  const errors = fieldErrors(save.error);
  const general = formError(save.error, ['title', 'url', 'language', 'tags', 'body']);
  const video = kind === 'video';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { id: article?.id ?? null, input: { kind, title: title.trim(), url: url.trim() || null, language, tags, body } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: `${saved.kind === 'video' ? 'Video demo' : 'Article'} “${saved.title}” ${article ? 'saved' : 'added'}.` });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={article ? 'Edit knowledge item' : 'Add to the knowledge library'} size="lg" centered>
      <form onSubmit={submit}>
        <Stack gap="sm">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <SegmentedControl
            aria-label="Kind"
            value={kind}
            onChange={(value) => setKind(value === 'video' ? 'video' : 'article')}
            data={[
              { value: 'article', label: <Group gap={6} wrap="nowrap" justify="center"><IconArticle size={16} />Article</Group> },
              { value: 'video', label: <Group gap={6} wrap="nowrap" justify="center"><IconVideo size={16} />Video demo</Group> },
            ]}
          />
          <TextInput label="Title" placeholder={video ? 'e.g. Lacing your Zephyr runners' : 'e.g. How refunds work'} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} data-autofocus />
          <TextInput
            label={video ? 'Video address' : 'Link'}
            description={video ? 'Where the video plays (YouTube, Vimeo, your help center…)' : 'Optional: the public page agents send customers to'}
            placeholder="https://help.example.com/…"
            required={video}
            type="url"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
          />
          <Group grow align="flex-start">
            <Select
              label="Language"
              description="Suggested first in this language"
              placeholder="Any language"
              clearable
              searchable
              data={knowledgeLanguages}
              value={language}
              onChange={setLanguage}
              error={errors.language}
            />
            <TagsInput label="Tags" description="Press Enter after each tag" placeholder="billing, shipping…" value={tags} onChange={setTags} error={errors.tags} />
          </Group>
          <Textarea
            label={video ? 'Summary' : 'Text'}
            description="Searched when suggesting content for a conversation: write the words customers use."
            placeholder={video ? 'What the video shows, and when to send it' : 'The answer, as agents would explain it'}
            autosize
            minRows={5}
            maxRows={14}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={errors.body}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!title.trim() || (video && !url.trim())}>
              {article ? 'Save' : video ? 'Add video demo' : 'Add article'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
