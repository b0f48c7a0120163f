import { Anchor, Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Logo } from './logo';

/** The centred card used by screens shown before the app shell: setup, sign-in, invitations. */
export function AuthLayout({ title, description, children, footer }: { title: ReactNode; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <Box
      component="main"
      id="main"
      mih="100dvh"
      px="md"
      py={48}
      style={{ backgroundColor: 'light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-8))' }}
    >
      <Center>
        <Stack w="100%" maw={440} gap="lg">
          <Center>
            <Logo size={34} />
          </Center>
          <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 32 }}>
            <Stack gap={6} mb="lg">
              <Title order={1} fz={24} fw={650} style={{ letterSpacing: '-0.01em' }}>
                {title}
              </Title>
              {description && (
                <Text c="dimmed" size="sm">
                  {description}
                </Text>
              )}
            </Stack>
            {children}
          </Paper>
          {footer && (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          )}
          <Text ta="center" size="xs" c="dimmed">
            Parley is open source.{' '}
            <Anchor href="/api/docs" size="xs">
              API docs
            </Anchor>
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
