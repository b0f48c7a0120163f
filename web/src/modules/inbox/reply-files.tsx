// Files on an agent's reply: the composer's paperclip (a hidden file input behind a real button, so the
// keyboard reaches it), files dropped on the composer or an image pasted into it, each uploaded at once
// with its progress and shown as a chip (name, size, ×); the finished ones go in the reply's attachments.
// A file the server refuses (too large, a type it does not take, a channel that cannot carry it) stays
// as a red chip with the server's reason until removed.
import { ActionIcon, Badge, CloseButton, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { storedWorkspaceId, withQuery } from '../../lib/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { uploadReplyFile, type Attachment } from './api';

/** What the server takes (src/modules/channels/webchat/webchat-routes.ts): the file picker offers these. */
const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain';

type ReplyFile = { key: string; name: string; size: number; progress: number; attachment: Attachment | null; error: string | null; abort: AbortController };

export const formatSize = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** The files of the reply being written in one conversation. */
export function useReplyFiles(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const [files, setFiles] = useState<ReplyFile[]>([]);
  const update = (key: string, change: Partial<ReplyFile>) => setFiles((current) => current.map((file) => (file.key === key ? { ...file, ...change } : file)));

  const add = useCallback(
    (picked: Iterable<File>) => {
      for (const file of picked) {
        const entry: ReplyFile = { key: crypto.randomUUID(), name: file.name || 'pasted-image', size: file.size, progress: 0, attachment: null, error: null, abort: new AbortController() };
        setFiles((current) => [...current, entry]);
        uploadReplyFile(workspace.id, conversationId, file, (progress) => update(entry.key, { progress }), entry.abort.signal).then(
          (attachment) => update(entry.key, { attachment, progress: 1 }),
          (error: unknown) => {
            if (error instanceof DOMException && error.name === 'AbortError') return;
            update(entry.key, { error: error instanceof Error ? error.message : 'The upload failed.' });
          },
        );
      }
    },
    [workspace.id, conversationId],
  );

  const remove = (key: string) => {
    files.find((file) => file.key === key)?.abort.abort();
    setFiles((current) => current.filter((file) => file.key !== key));
  };
  const clear = useCallback(() => setFiles([]), []);

  // Another conversation: its own files; uploads under way for the last one are cancelled.
  const live = useRef(files);
  live.current = files;
  useEffect(
    () => () => {
      for (const file of live.current) file.abort.abort();
      setFiles([]);
    },
    [conversationId],
  );

  return {
    files,
    add,
    remove,
    clear,
    attachments: files.flatMap((file) => (file.attachment ? [file.attachment] : [])),
    uploading: files.some((file) => !file.attachment && !file.error),
  };
}

/** The paperclip: opens the file picker; Enter or Space reach it like any button. */
export function AttachFileButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Tooltip label="Attach a file, or drop one here" openDelay={300}>
        <ActionIcon variant="subtle" color="gray" size="md" aria-label="Attach a file" onClick={() => input.current?.click()} disabled={disabled}>
          <IconPaperclip size={16} />
        </ActionIcon>
      </Tooltip>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="reply-file-input"
        onChange={(event) => {
          onFiles([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = '';
        }}
      />
    </>
  );
}

/** The chips of the reply's files: uploading (with progress), ready, or refused with the reason. */
export function ReplyFileChips({ files, onRemove }: { files: ReplyFile[]; onRemove: (key: string) => void }) {
  if (files.length === 0) return null;
  return (
    <Group gap={6} mt={6} align="flex-start" role="list" aria-label="Attached files">
      {files.map((file) => (
        <Stack key={file.key} gap={2} role="listitem" aria-label={file.name} maw={260}>
          <Badge
            variant="light"
            color={file.error ? 'red' : 'gray'}
            tt="none"
            size="lg"
            leftSection={<IconPaperclip size={12} />}
            rightSection={<CloseButton size="xs" aria-label={`Remove ${file.name}`} onClick={() => onRemove(file.key)} />}
          >
            <Text span size="xs" truncate maw={170} display="inline-block" style={{ verticalAlign: 'middle' }}>
              {file.name}
            </Text>{' '}
            <Text span size="xs" c="dimmed">
              {formatSize(file.size)}
            </Text>
          </Badge>
          {!file.attachment && !file.error && <Progress value={Math.round(file.progress * 100)} size="xs" aria-label={`Uploading ${file.name}`} />}
          {file.error && (
            <Text size="xs" c="red" role="alert">
              {file.error}
            </Text>
          )}
        </Stack>
      ))}
    </Group>
  );
}

/** The image files of a paste (a screenshot), if any. */
export const pastedFiles = (event: React.ClipboardEvent): File[] => [...event.clipboardData.files].filter((file) => file.type.startsWith('image/'));

/**
 * The link to open a conversation's file: our own file URLs need the workspace, which an <img> or a link
 * cannot send as a header, so it goes in the query (the API reads either). Other URLs stay as they are.
 */
export const fileHref = (url: string): string => {
  const workspaceId = storedWorkspaceId();
  return url.startsWith('/api/v1/') && workspaceId && !url.includes('?') ? withQuery(url, { workspace: workspaceId }) : url;
};
