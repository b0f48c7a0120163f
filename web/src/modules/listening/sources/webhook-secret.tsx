import { Alert, Code, CopyButton, ActionIcon, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconLock } from '@tabler/icons-react';
import { SecretField } from '../../../ui/secret-field';

function curlExample(url: string, secret: string): string {
  return [
    `BODY='{"posts":[{"externalId":"42","text":"Loving the new Lumen cold brew!","channel":"forum"}]}'`,
    `SIG="sha256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac '${secret}' | sed 's/^.* //')"`,
    `curl -X POST '${url}' \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H "X-Parley-Signature: $SIG" \\`,
    `  --data "$BODY"`,
  ].join('\n');
}

/** A generic source's webhook address, and its signing secret when it has just been made (shown once). */
export function WebhookDetails({ url, secret }: { url: string; secret: string | null }) {
  const example = curlExample(url, secret ?? '<your secret>');
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} mb={4}>
          Webhook address
        </Text>
        <SecretField value={url} label="webhook address" testId="webhook-url" />
      </div>
      {secret ? (
        <div>
          <Text size="sm" fw={500} mb={4}>
            Signing secret
          </Text>
          <SecretField value={secret} label="signing secret" testId="webhook-secret" />
          <Alert color="yellow" variant="light" icon={<IconLock size={16} />} mt="xs" p="xs">
            Copy the secret now: it is shown only this once. If you lose it, rotate it and update your sender.
          </Alert>
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          The signing secret was shown when the source was made. Rotate it to get a new one (the old one stops working).
        </Text>
      )}
      <div>
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={500}>
            Send posts
          </Text>
          <CopyButton value={example} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the example'} withArrow>
                <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="Copy the example">
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Code block fz="xs" data-testid="webhook-example" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {example}
        </Code>
        <Text size="xs" c="dimmed" mt={4}>
          Sign the raw body with HMAC-SHA256 and the secret, as <Code fz="xs">X-Parley-Signature: sha256=&lt;hex&gt;</Code>. One post, an array, or {'{"posts": […]}'}; bodies that are not posts are kept as dead letters.
        </Text>
      </div>
    </Stack>
  );
}
