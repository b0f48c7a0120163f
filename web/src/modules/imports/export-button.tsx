// Downloads the current list as CSV or JSON. `path` is the list's export route (e.g.
// "/contacts/export"); `filters` are the same query parameters the list uses.
import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { downloadFile } from './api';

export type ExportFilters = Record<string, string | number | null | undefined>;

export function ExportButton({ path, filters = {}, label = 'Export' }: { path: string; filters?: ExportFilters; label?: string }) {
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'json') => {
    setBusy(true);
    try {
      await downloadFile(path, { ...filters, format }, `export.${format}`);
    } catch (error) {
      notifications.show({ color: 'red', title: 'The export failed', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" loading={busy} leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void run('csv')}>CSV (spreadsheets)</Menu.Item>
        <Menu.Item onClick={() => void run('json')}>JSON</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
