// "Set up the webhook": the callback URL to paste into the platform and the steps there. The verify or
// secret token is shown only right after it was stored (it is sealed and never read back).
import { List, Paper, Stack, Text, Title } from '@mantine/core';
import { SecretField } from '../../ui/secret-field';
import type { Channel } from './api';
import type { PlatformSpec } from './platforms';

export function WebhookSetup({ channel, platform, generatedToken }: { channel: Channel; platform: PlatformSpec; generatedToken: string | null }) {
  if (!channel.webhook) return null;
  const tokenField = platform.credentials.find((field) => field.generated);
  return (
    <Paper withBorder radius="md" p="md" data-testid="webhook-setup">
      <Stack gap="sm">
        <Title order={4} fz={15}>
          Set up the webhook
        </Title>
        <Text size="sm" c="dimmed">
          {platform.label} delivers messages to Parley at this address. {channel.webhookVerifiedAt ? 'It has reached Parley already.' : 'Until it does, this channel shows “Webhook not verified”.'}
        </Text>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Callback URL
          </Text>
          <SecretField value={channel.webhook.url} label="callback URL" testId="webhook-url" />
        </Stack>
        {tokenField && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {tokenField.label}
            </Text>
            {generatedToken ? (
              <>
                <SecretField value={generatedToken} label={tokenField.label.toLowerCase()} testId="webhook-token" />
                <Text size="xs" c="dimmed">
                  Shown only now: it is stored encrypted. Lost it? Replace it in the settings below and enter the new one in {platform.label}.
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Stored and hidden. To see one again, replace it in the settings below (and enter the new one in {platform.label}).
              </Text>
            )}
          </Stack>
        )}
        <List type="ordered" size="sm" spacing={4}>
          {platform.webhookSteps.map((step, index) => (
            <List.Item key={index} style={{ wordBreak: 'break-word' }}>
              {step(channel.webhook!.url, generatedToken)}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
