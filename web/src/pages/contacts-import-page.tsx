import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { ImportWizard } from '../modules/imports/import-wizard';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';

export function ContactsImportPage() {
  const { can } = useCurrentWorkspace();
  if (!can('contacts.import')) return <NoAccess what="import contacts" />;
  return (
    <>
      <PageHeader
        title="Import contacts"
        description={
          <>
            Bring contacts from a spreadsheet or another CRM. Rows matching an existing contact by email, phone or handle update it instead of
            creating a duplicate. <Anchor component={Link} to="/contacts" size="sm">Back to contacts</Anchor>
          </>
        }
      />
      <ImportWizard />
    </>
  );
}
