import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './lib/api';
import { meQueryKey } from './modules/accounts/hooks';
import { AreaPage } from './pages/area-page';
import { CompaniesPage } from './pages/companies-page';
import { CompanyPage } from './pages/company-page';
import { ContactProfilePage } from './pages/contact-profile-page';
import { ContactsPage } from './pages/contacts-page';
import { DuplicatesPage } from './pages/duplicates-page';
import { ContactsImportPage } from './pages/contacts-import-page';
import { HomePage } from './pages/home-page';
import { InvitePage } from './pages/invite-page';
import { InboxPage } from './pages/inbox-page';
import { InboxMetricsPage } from './pages/inbox-metrics-page';
import { CsatPage } from './pages/csat-page';
import { SettingsRoutingRulesPage } from './pages/settings-routing-rules-page';
import { SettingsSlaPage } from './pages/settings-sla-page';
import { SettingsChannelsPage } from './pages/settings-channels-page';
import { SettingsCannedResponsesPage } from './pages/settings-canned-responses-page';
import { SettingsKnowledgePage } from './pages/settings-knowledge-page';
import { ListeningPage } from './pages/listening-page';
import { ListeningImportPage } from './pages/listening-import-page';
import { ListeningSourcesPage } from './pages/listening-sources-page';
import { ListeningTopicPage } from './pages/listening-topic-page';
import { ListeningTopicsPage } from './pages/listening-topics-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { PipelinePage } from './pages/pipeline-page';
import { PipelineReportPage } from './pages/pipeline-report-page';
import { ProfilePage } from './pages/profile-page';
import { SegmentsPage } from './pages/segments-page';
import { SettingsApiKeysPage } from './pages/settings-api-keys-page';
import { SettingsAuditLogPage } from './pages/settings-audit-log-page';
import { SettingsCustomFieldsPage } from './pages/settings-custom-fields-page';
import { SettingsInvitationsPage } from './pages/settings-invitations-page';
import { SettingsMembersPage } from './pages/settings-members-page';
import { SettingsPage } from './pages/settings-page';
import { SettingsRolesPage } from './pages/settings-roles-page';
import { SettingsTeamsPage } from './pages/settings-teams-page';
import { SettingsWorkspacePage } from './pages/settings-workspace-page';
import { SetupPage } from './pages/setup-page';
import { TasksPage } from './pages/tasks-page';
import { AREAS } from './shell/areas';
import { RequireAuth, SetupGate } from './shell/guards';
import { colorSchemeManager, theme } from './theme';

function isSignedOut(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

function createQueryClient(): QueryClient {
  // A 401 anywhere means the session ended (expired, signed out elsewhere): re-ask /me, whose answer
  // of "nobody" sends the app to the sign-in page.
  const onError = (error: unknown) => {
    if (isSignedOut(error)) void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => query.queryKey[0] !== meQueryKey[0] && onError(error) }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Client errors will not change by retrying; only network and server failures are retried.
        retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

const queryClient = createQueryClient();

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <Notifications position="top-right" limit={4} />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route element={<SetupGate />}>
                <Route path="/setup" element={<SetupPage />} />
                <Route path="/login" element={<LoginPage />} />
                <Route path="/invite/:token" element={<InvitePage />} />
                <Route path="/csat/:token" element={<CsatPage />} />
                <Route element={<RequireAuth />}>
                  <Route index element={<HomePage />} />
                  <Route path="/tasks" element={<TasksPage />} />
                  <Route path="/contacts/import" element={<ContactsImportPage />} />
                  <Route path="/contacts" element={<ContactsPage />} />
                  <Route path="/contacts/segments" element={<SegmentsPage />} />
                  <Route path="/contacts/duplicates" element={<DuplicatesPage />} />
                  <Route path="/contacts/:id" element={<ContactProfilePage />} />
                  <Route path="/companies" element={<CompaniesPage />} />
                  <Route path="/companies/:id" element={<CompanyPage />} />
                  <Route path="/pipeline" element={<PipelinePage />} />
                  <Route path="/pipeline/report" element={<PipelineReportPage />} />
                  <Route path="/listening/topics" element={<ListeningTopicsPage />} />
                  <Route path="/listening/topics/:id" element={<ListeningTopicPage />} />
                  <Route path="/listening/sources" element={<ListeningSourcesPage />} />
                  <Route path="/listening/import" element={<ListeningImportPage />} />
                  <Route path="/listening" element={<ListeningPage />} />
                  <Route path="/listening/mentions/:id" element={<ListeningPage />} />
                  <Route path="/inbox/metrics" element={<InboxMetricsPage />} />
                  <Route path="/inbox" element={<InboxPage />} />
                  <Route path="/inbox/:conversationId" element={<InboxPage />} />
                  {AREAS.filter((area) => !['/pipeline', '/contacts', '/listening', '/inbox'].includes(area.path)).map((area) => (
                    <Route key={area.path} path={area.path} element={<AreaPage area={area} />} />
                  ))}
                  <Route path="/settings" element={<SettingsPage />}>
                    <Route path="workspace" element={<SettingsWorkspacePage />} />
                    <Route path="members" element={<SettingsMembersPage />} />
                    <Route path="teams" element={<SettingsTeamsPage />} />
                    <Route path="invitations" element={<SettingsInvitationsPage />} />
                    <Route path="roles" element={<SettingsRolesPage />} />
                    <Route path="api-keys" element={<SettingsApiKeysPage />} />
                    <Route path="audit-log" element={<SettingsAuditLogPage />} />
                    <Route path="custom-fields" element={<SettingsCustomFieldsPage />} />
                    <Route path="channels" element={<SettingsChannelsPage />} />
                    <Route path="routing-rules" element={<SettingsRoutingRulesPage />} />
                    <Route path="sla" element={<SettingsSlaPage />} />
                    <Route path="canned-responses" element={<SettingsCannedResponsesPage />} />
                    <Route path="knowledge" element={<SettingsKnowledgePage />} />
                    <Route path="*" element={<Navigate to="/settings" replace />} />
                  </Route>
                  <Route path="/profile" element={<ProfilePage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
