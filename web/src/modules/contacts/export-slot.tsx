import { ExportButton } from '../imports/export-button';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { contactQuery } from './api';
import { useContactListParams } from './list-params';

/** Downloads the contact list as it is filtered and sorted on screen (the imports module does the download). */
export function ContactsExportSlot() {
  const { can } = useCurrentWorkspace();
  const { filters, sort } = useContactListParams();
  if (!can('contacts.export')) return null;
  return <ExportButton path="/contacts/export" filters={{ ...contactQuery(filters), ...sort }} />;
}
