// The contact import wizard: choose a CSV → map its columns → validate → import with live progress.
import { Alert, Badge, Button, Checkbox, FileInput, Group, NativeSelect, Paper, Progress, Radio, ScrollArea, SimpleGrid, Stack, Stepper, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDownload, IconFileTypeCsv } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api';
import { downloadFile, type ImportMapping, type ImportOptions, type ImportValidation, type UploadedImport } from './api';
import { useContactImport, useStartImport, useUpdateImport, useUploadImport, useValidateImport } from './hooks';

const MAX_ERRORS_LISTED = 100;

export function ImportWizard() {
  const [uploaded, setUploaded] = useState<UploadedImport | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [options, setOptions] = useState<ImportOptions>({ onDuplicate: 'update', skipInvalid: false });
  const [validation, setValidation] = useState<ImportValidation | null>(null);
  const [started, setStarted] = useState(false);
  const step = started ? 3 : validation ? 2 : uploaded ? 1 : 0;

  return (
    <Stepper active={step} allowNextStepsSelect={false} size="sm">
      <Stepper.Step label="Choose a file" description="CSV, first row = column names">
        <UploadStep
          onUploaded={(result) => {
            setUploaded(result);
            setMapping(result.mapping ?? result.suggestedMapping);
          }}
        />
      </Stepper.Step>
      <Stepper.Step label="Map columns" description="What each column holds">
        {uploaded && (
          <MappingStep
            uploaded={uploaded}
            mapping={mapping}
            onMappingChange={setMapping}
            options={options}
            onOptionsChange={setOptions}
            onBack={() => setUploaded(null)}
            onValidated={setValidation}
          />
        )}
      </Stepper.Step>
      <Stepper.Step label="Check rows" description="Errors per row">
        {uploaded && validation && (
          <ValidationStep
            importId={uploaded.id}
            validation={validation}
            options={options}
            onOptionsChange={setOptions}
            onBack={() => setValidation(null)}
            onStarted={() => setStarted(true)}
          />
        )}
      </Stepper.Step>
      <Stepper.Step label="Import" description="Progress and summary">
        {uploaded && <ProgressStep importId={uploaded.id} />}
      </Stepper.Step>
    </Stepper>
  );
}

function UploadStep({ onUploaded }: { onUploaded: (result: UploadedImport) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadImport();
  return (
    <Paper withBorder p="lg" mt="md" maw={560}>
      <Stack gap="md">
        <FileInput
          label="CSV file"
          description="Comma, semicolon or tab separated, exported from a spreadsheet or another CRM (up to 50 MB)."
          placeholder="Choose a .csv file"
          accept=".csv,.tsv,.txt,text/csv"
          leftSection={<IconFileTypeCsv size={18} />}
          value={file}
          onChange={setFile}
          clearable
        />
        {upload.error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorMessage(upload.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file, { onSuccess: onUploaded })}>
            Upload
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function MappingStep({
  uploaded,
  mapping,
  onMappingChange,
  options,
  onOptionsChange,
  onBack,
  onValidated,
}: {
  uploaded: UploadedImport;
  mapping: ImportMapping;
  onMappingChange: (mapping: ImportMapping) => void;
  options: ImportOptions;
  onOptionsChange: (options: ImportOptions) => void;
  onBack: () => void;
  onValidated: (validation: ImportValidation) => void;
}) {
  const update = useUpdateImport();
  const validate = useValidateImport();
  const error = update.error ?? validate.error;
  const targetOptions = uploaded.targets.map((target) => ({ value: target.value, label: target.label }));

  const submit = async () => {
    await update.mutateAsync({ importId: uploaded.id, mapping, options });
    onValidated(await validate.mutateAsync(uploaded.id));
  };

  return (
    <Stack gap="lg" mt="md">
      <Text size="sm" c="dimmed">
        {uploaded.filename}: {uploaded.totalRows.toLocaleString()} rows, {uploaded.headers.length} columns.
      </Text>
      <Paper withBorder>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column in the file</Table.Th>
              <Table.Th>First value</Table.Th>
              <Table.Th w={280}>Import as</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {uploaded.headers.map((header, index) => (
              <Table.Tr key={header}>
                <Table.Td fw={500}>{header}</Table.Td>
                <Table.Td c="dimmed" maw={260} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {uploaded.preview[0]?.[index] ?? ''}
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={header}
                    data={targetOptions}
                    value={mapping[header] ?? 'skip'}
                    onChange={(event) => onMappingChange({ ...mapping, [header]: event.currentTarget.value })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>

      <Radio.Group
        label="When a row matches an existing contact (same email, phone or handle)"
        value={options.onDuplicate}
        onChange={(value) => onOptionsChange({ ...options, onDuplicate: value === 'skip' ? 'skip' : 'update' })}
      >
        <Group mt="xs">
          <Radio value="update" label="Update the contact with the file's values" />
          <Radio value="skip" label="Leave the contact as it is" />
        </Group>
      </Radio.Group>

      <Stack gap={6}>
        <Text fw={500} size="sm">
          Preview (first {uploaded.preview.length} rows)
        </Text>
        <Paper withBorder>
          <ScrollArea type="auto" offsetScrollbars>
            <Table fz="xs" withColumnBorders striped aria-label="Preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th>
                  {uploaded.headers.map((header) => (
                    <Table.Th key={header} style={{ whiteSpace: 'nowrap' }}>
                      {header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {uploaded.preview.map((cells, rowIndex) => (
                  <Table.Tr key={rowIndex}>
                    <Table.Td c="dimmed">{rowIndex + 2}</Table.Td>
                    {cells.map((cell, cellIndex) => (
                      <Table.Td key={cellIndex} style={{ whiteSpace: 'nowrap', maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                        {cell}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      </Stack>

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {errorMessage(error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Choose another file
        </Button>
        <Button loading={update.isPending || validate.isPending} onClick={() => void submit().catch(() => {})}>
          Validate
        </Button>
      </Group>
    </Stack>
  );
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={24} fw={650} c={color}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

function ValidationStep({
  importId,
  validation,
  options,
  onOptionsChange,
  onBack,
  onStarted,
}: {
  importId: string;
  validation: ImportValidation;
  options: ImportOptions;
  onOptionsChange: (options: ImportOptions) => void;
  onBack: () => void;
  onStarted: () => void;
}) {
  const update = useUpdateImport();
  const start = useStartImport();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const error = update.error ?? start.error;
  const blocked = validation.invalidRows > 0 && !options.skipInvalid;

  const submit = async () => {
    await update.mutateAsync({ importId, options });
    await start.mutateAsync(importId);
    onStarted();
  };

  return (
    <Stack gap="lg" mt="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Count label="Rows" value={validation.totalRows} />
        <Count label="Ready to import" value={validation.validRows} color="teal" />
        <Count label="Invalid" value={validation.invalidRows} color={validation.invalidRows > 0 ? 'red' : undefined} />
        <Count label="Empty" value={validation.blankRows} />
      </SimpleGrid>

      {validation.errorCount === 0 ? (
        <Alert color="teal" variant="light" icon={<IconCheck size={18} />}>
          Every row can be imported.
        </Alert>
      ) : (
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={500} size="sm">
              {validation.errorCount.toLocaleString()} problem{validation.errorCount === 1 ? '' : 's'} found
              {validation.errorCount > MAX_ERRORS_LISTED ? ` (the first ${MAX_ERRORS_LISTED} are listed)` : ''}
            </Text>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
              onClick={() => {
                setDownloadError(null);
                downloadFile(`/contact-imports/${encodeURIComponent(importId)}/errors.csv`, {}, 'errors.csv').catch((cause: unknown) => setDownloadError(errorMessage(cause)));
              }}
            >
              Download errors.csv
            </Button>
          </Group>
          {downloadError && (
            <Text size="sm" c="red">
              {downloadError}
            </Text>
          )}
          <Paper withBorder>
            <ScrollArea.Autosize mah={360} type="auto">
              <Table striped verticalSpacing={6} aria-label="Row errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Row</Table.Th>
                    <Table.Th w={180}>Column</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {validation.errors.slice(0, MAX_ERRORS_LISTED).map((rowError, index) => (
                    <Table.Tr key={`${rowError.row}-${index}`}>
                      <Table.Td>{rowError.row}</Table.Td>
                      <Table.Td>{rowError.field ?? '—'}</Table.Td>
                      <Table.Td>{rowError.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Paper>
          <Checkbox
            label="Skip invalid rows"
            description="Import the valid rows now; fix the others in errors.csv and upload them later."
            checked={options.skipInvalid}
            onChange={(event) => onOptionsChange({ ...options, skipInvalid: event.currentTarget.checked })}
          />
        </Stack>
      )}

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {errorMessage(error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Change the mapping
        </Button>
        <Button disabled={blocked || validation.validRows === 0} loading={update.isPending || start.isPending} onClick={() => void submit().catch(() => {})}>
          Start import
        </Button>
      </Group>
    </Stack>
  );
}

function ProgressStep({ importId }: { importId: string }) {
  const query = useContactImport(importId);
  const row = query.data;
  if (!row) return null;
  const percent = row.totalRows === 0 ? 100 : Math.round((row.processedRows / row.totalRows) * 100);
  const running = row.status === 'importing';

  return (
    <Stack gap="lg" mt="md" maw={720}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text fw={500}>
            {running ? 'Importing…' : row.status === 'completed' ? 'Import complete' : row.status === 'failed' ? 'Import stopped' : 'Waiting to start'}
          </Text>
          <Text size="sm" c="dimmed">
            {row.processedRows.toLocaleString()} of {row.totalRows.toLocaleString()} rows
          </Text>
        </Group>
        <Progress
          value={percent}
          size="lg"
          animated={running}
          color={row.status === 'failed' ? 'red' : row.status === 'completed' ? 'teal' : undefined}
          aria-label="Import progress"
        />
      </Stack>

      {row.status === 'failed' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title="The import stopped">
          {row.error ?? 'Something went wrong.'} Rows imported before it stopped are kept.
        </Alert>
      )}

      {row.status === 'completed' && (
        <Stack gap="md" data-testid="import-summary">
          <SimpleGrid cols={3}>
            <Count label="Created" value={row.createdCount} color="teal" />
            <Count label="Updated" value={row.updatedCount} />
            <Count label="Skipped" value={row.skippedCount} />
          </SimpleGrid>
          <Group>
            <Badge variant="light" color="teal" leftSection={<IconCheck size={12} />}>
              {row.filename}
            </Badge>
            <Button component={Link} to="/contacts">
              Go to contacts
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
