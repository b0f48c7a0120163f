import { Skeleton, Stack } from '@mantine/core';
import { useMe } from '../modules/accounts/hooks';
import { ChangePasswordForm, ProfileNameForm } from '../modules/accounts/profile-forms';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

export function ProfilePage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Profile" description="Your own account, the same in every workspace you belong to." />
      {me.isPending ? (
        <Skeleton height={240} radius="md" />
      ) : me.isError || !me.data ? (
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <Stack gap="lg" maw={720}>
          <ProfileNameForm key={me.data.user.name} user={me.data.user} />
          <ChangePasswordForm />
        </Stack>
      )}
    </>
  );
}
