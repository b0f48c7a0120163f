// Choosing a file of past posts: drop it (or pick it), see its detected format, for CSV map each
// column to a post field over its first rows, see how the first lines read (or why they would be
// rejected), choose the source the mentions belong to, and start.
import { Alert, Badge, Button, Group, NativeSelect, Paper, ScrollArea, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileUpload, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { errorMessage } from '../../../lib/api';
import { useSources } from '../sources/hooks';
import type { ImportFormat, ImportPreview, ListeningImport } from './api';
import { useImportPreview, useStartImport } from './hooks';
import classes from './imports.module.css';

const MAX_BYTES = 200 * 1024 * 1024;
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function ImportForm({ onStarted }: { onStarted: (row: ListeningImport) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [sourceId, setSourceId] = useState<string | null>(null);
  const preview = useImportPreview(file, format, mapping);
  const start = useStartImport();

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setFormat(null);
    setMapping(null);
    start.reset();
  };

  if (!file) return <DropZone onFile={choose} />;
  const data = preview.data;
  const tooLarge = file.size > MAX_BYTES;
  const detected = data?.format ?? format;

  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <IconFileUpload size={20} />
            <Text fw={600}>{file.name}</Text>
            <Text c="dimmed" size="sm">
              {size(file.size)}
            </Text>
          </Group>
          <Button variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={() => choose(null)}>
            Choose another file
          </Button>
        </Group>
        {tooLarge && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />}>
            This file is larger than 200 MB: split it and import the parts.
          </Alert>
        )}
        <Group gap="lg" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Format
            </Text>
            <SegmentedControl
              aria-label="Format"
              value={detected ?? 'ndjson'}
              onChange={(value) => {
                setFormat(value as ImportFormat);
                setMapping(null);
              }}
              data={[
                { value: 'ndjson', label: 'NDJSON (one post a line)' },
                { value: 'csv', label: 'CSV with a header row' },
              ]}
            />
          </Stack>
          <SourceSelect value={sourceId} onChange={setSourceId} />
        </Group>
        {preview.isError && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />} title="This file cannot be imported as it is">
            {errorMessage(preview.error)}
          </Alert>
        )}
        {data?.format === 'csv' && <ColumnMapping preview={data} mapping={mapping ?? data.mapping} onChange={(header, field) => setMapping({ ...(mapping ?? data.mapping), [header]: field })} />}
        {data?.mappingProblem && (
          <Alert color="yellow" icon={<IconAlertTriangle size={16} />}>
            {data.mappingProblem}
          </Alert>
        )}
        {data && data.sample.length > 0 && <Sample preview={data} />}
        {start.isError && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />}>
            {errorMessage(start.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={!data || preview.isError || Boolean(data.mappingProblem) || tooLarge || preview.isFetching}
            loading={start.isPending}
            onClick={() =>
              start.mutate(
                { file, options: { format: data!.format, sourceId, mapping: data!.format === 'csv' ? data!.mapping : null } },
                {
                  onSuccess: (row) => {
                    choose(null);
                    onStarted(row);
                  },
                },
              )
            }
          >
            Start import
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function DropZone({ onFile }: { onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <div
      className={classes.dropZone}
      data-over={over || undefined}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <Stack align="center" gap="xs">
        <IconFileUpload size={32} stroke={1.5} />
        <Text fw={600}>Drop a file of past posts here</Text>
        <Text c="dimmed" size="sm" ta="center" maw={520}>
          NDJSON — one post a line, with the fields of the posts API (text, externalId, publishedAt, author…) — or CSV with a header row. Up to 200 MB.
        </Text>
        <Button variant="light" mt="xs" onClick={() => input.current?.click()}>
          Choose a file
        </Button>
        <input
          ref={input}
          type="file"
          aria-label="File of posts"
          accept=".ndjson,.jsonl,.json,.csv,.tsv,.txt,application/x-ndjson,text/csv"
          hidden
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0];
            if (chosen) onFile(chosen);
            event.currentTarget.value = '';
          }}
        />
      </Stack>
    </div>
  );
}

function SourceSelect({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const sources = useSources();
  const options = [{ value: '', label: 'None: a standalone import' }, ...(sources.data ?? []).map((source) => ({ value: source.id, label: source.name }))];
  return (
    <Select
      label="Mentions belong to"
      data={options}
      value={value ?? ''}
      onChange={(next) => onChange(next ? next : null)}
      allowDeselect={false}
      w={320}
    />
  );
}

function ColumnMapping({ preview, mapping, onChange }: { preview: ImportPreview; mapping: Record<string, string>; onChange: (header: string, field: string) => void }) {
  const options = preview.fields.map((field) => ({ value: field.value, label: field.label }));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Columns
      </Text>
      <Text size="xs" c="dimmed">
        Guessed from the column names; change what each column holds. One column must be the text.
      </Text>
      <ScrollArea type="auto">
        <Table withTableBorder withColumnBorders aria-label="Preview" fz="sm" miw={Math.max(600, preview.headers.length * 170)}>
          <Table.Thead>
            <Table.Tr>
              {preview.headers.map((header) => (
                <Table.Th key={header} miw={160}>
                  <Stack gap={4}>
                    <Text size="xs" fw={700}>
                      {header}
                    </Text>
                    <NativeSelect aria-label={header} size="xs" data={options} value={mapping[header] ?? 'skip'} onChange={(event) => onChange(header, event.currentTarget.value)} />
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, index) => (
              <Table.Tr key={index}>
                {preview.headers.map((header, column) => (
                  <Table.Td key={header} c={(mapping[header] ?? 'skip') === 'skip' ? 'dimmed' : undefined}>
                    <Text size="xs" lineClamp={2}>
                      {row[column] ?? ''}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}

function Sample({ preview }: { preview: ImportPreview }) {
  const rejected = preview.sample.filter((line) => line.error).length;
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          How the first lines read
        </Text>
        {rejected > 0 && (
          <Badge color="red" variant="light">
            {rejected} would be rejected
          </Badge>
        )}
      </Group>
      <ScrollArea type="auto">
        <Table aria-label="First lines" fz="sm" miw={720} verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>Line</Table.Th>
              <Table.Th>Text</Table.Th>
              <Table.Th w={140}>Author</Table.Th>
              <Table.Th w={200}>Published</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.sample.map((line) => (
              <Table.Tr key={line.line}>
                <Table.Td>{line.line}</Table.Td>
                {line.error ? (
                  <Table.Td colSpan={3}>
                    <Text size="sm" c="red">
                      Rejected: {line.error}
                    </Text>
                  </Table.Td>
                ) : (
                  <>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {line.text}
                      </Text>
                    </Table.Td>
                    <Table.Td>{line.author ?? '—'}</Table.Td>
                    <Table.Td>{line.publishedAt ? new Date(line.publishedAt).toLocaleString() : 'when imported'}</Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
