import { Anchor, Breadcrumbs, Grid, Skeleton, Stack, Tabs } from '@mantine/core';
import { IconUserQuestion } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../lib/api';
import { ContactNotes, ContactTasks } from '../modules/activities';
import { useContact } from '../modules/contacts/hooks';
import { ChannelSummaryCard } from '../modules/contacts/profile/channel-summary-card';
import { ConsentsCard } from '../modules/contacts/profile/consents-card';
import { CustomFieldsCard } from '../modules/contacts/profile/custom-fields-card';
import { DealsCard } from '../modules/contacts/profile/deals-card';
import { IdentitiesCard } from '../modules/contacts/profile/identities-card';
import { MergeHistoryCard } from '../modules/contacts/profile/merge-history-card';
import { ProfileHeader } from '../modules/contacts/profile/profile-header';
import { SectionCard } from '../modules/contacts/profile/section-card';
import { SignalsCard } from '../modules/contacts/profile/signals-card';
import { Timeline } from '../modules/contacts/profile/timeline';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { QueryError } from '../ui/query-error';

export function ContactProfilePage() {
  const { id = '' } = useParams();
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const contact = useContact(id);
  const canManage = can('contacts.manage');

  // A merged contact's id answers with the contact it lives in now: show that one under its own URL.
  const resolvedId = contact.data?.id;
  useEffect(() => {
    if (resolvedId && resolvedId !== id) void navigate(`/contacts/${resolvedId}`, { replace: true });
  }, [resolvedId, id, navigate]);

  if (!can('contacts.read')) return <NoAccess what="see contacts" />;
  if (contact.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading">
        <Skeleton h={160} radius="md" />
        <Skeleton h={320} radius="md" />
      </Stack>
    );
  }
  if (contact.isError) {
    if (contact.error instanceof ApiError && contact.error.status === 404) {
      return (
        <EmptyState
          icon={<IconUserQuestion size={24} />}
          title="This contact does not exist"
          description="It may have been erased, or the link belongs to another workspace."
          action={<Anchor component={Link} to="/contacts">Back to contacts</Anchor>}
        />
      );
    }
    return <QueryError error={contact.error} onRetry={() => void contact.refetch()} />;
  }
  const data = contact.data;

  return (
    <>
      <Breadcrumbs mb="sm" fz="sm">
        <Anchor component={Link} to="/contacts">Contacts</Anchor>
        <span>{data.name}</span>
      </Breadcrumbs>
      <ProfileHeader contact={data} canManage={canManage} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <SectionCard title="Tasks and notes">
              <Tabs defaultValue="tasks" keepMounted={false}>
                <Tabs.List mb="sm">
                  <Tabs.Tab value="tasks">Tasks</Tabs.Tab>
                  <Tabs.Tab value="notes">Notes</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="tasks">
                  <ContactTasks contactId={data.id} />
                </Tabs.Panel>
                <Tabs.Panel value="notes">
                  <ContactNotes contactId={data.id} />
                </Tabs.Panel>
              </Tabs>
            </SectionCard>
            <Timeline contactId={data.id} canManage={canManage} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <SignalsCard contact={data} />
            <IdentitiesCard contact={data} canManage={canManage} />
            <ChannelSummaryCard contactId={data.id} />
            <DealsCard contactId={data.id} />
            <ConsentsCard contact={data} canManage={canManage} />
            <CustomFieldsCard key={data.updatedAt} contact={data} canManage={canManage} />
            <MergeHistoryCard contactId={data.id} canManage={canManage} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
