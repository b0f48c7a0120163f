// A live picture of the web chat widget with the settings being edited: the panel as a visitor sees it
// (online or away, with the pre-chat form when it asks for one) above its launcher.
import { Box, Button, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { WebchatConfig } from './api';

export function WidgetPreview({ config }: { config: WebchatConfig }) {
  const [mode, setMode] = useState<'online' | 'away' | 'form'>('online');
  const accent = config.color;
  const bubble = (from: 'visitor' | 'agent', text: string) => (
    <Box
      style={{
        alignSelf: from === 'visitor' ? 'flex-end' : 'flex-start',
        background: from === 'visitor' ? accent : 'white',
        color: from === 'visitor' ? 'white' : '#1f2933',
        border: from === 'visitor' ? undefined : '1px solid #e9ecef',
        borderRadius: 14,
        padding: '6px 10px',
        maxWidth: '80%',
        fontSize: 13,
      }}
    >
      {text}
    </Box>
  );
  return (
    <Stack gap="xs" aria-label="Widget preview" role="figure">
      <SegmentedControl
        size="xs"
        value={mode}
        onChange={(value) => setMode(value as typeof mode)}
        data={[
          { value: 'online', label: 'Online' },
          { value: 'away', label: 'Away' },
          { value: 'form', label: 'Pre-chat form', disabled: config.prechatFields.length === 0 },
        ]}
      />
      <Box style={{ background: 'var(--mantine-color-gray-1)', borderRadius: 12, padding: 16, display: 'flex', flexDirection: 'column', alignItems: config.position === 'right' ? 'flex-end' : 'flex-start', gap: 10 }}>
        <Paper shadow="md" radius={14} w={300} style={{ overflow: 'hidden', background: 'white' }}>
          <Box p="sm" style={{ background: accent, color: 'white' }}>
            <Text fw={600} size="sm">
              {config.title || 'Chat with us'}
            </Text>
            <Text size="xs" style={{ opacity: 0.9 }}>
              {mode === 'away' ? '● We are away' : '● We are online'}
            </Text>
          </Box>
          {mode === 'form' && config.prechatFields.length > 0 ? (
            <Stack p="sm" gap={8}>
              <Text size="sm">{config.greeting}</Text>
              {config.prechatFields.map((field) => (
                <TextInput key={field} size="xs" label={field === 'email' ? 'Email' : 'Name'} readOnly tabIndex={-1} />
              ))}
              <Button size="xs" color={accent} tabIndex={-1}>
                Start the chat
              </Button>
            </Stack>
          ) : (
            <Stack p="sm" gap={6} style={{ background: '#f8f9fa', minHeight: 170 }}>
              {mode === 'away' && (
                <Box style={{ background: '#fff4e6', color: '#873800', borderRadius: 8, padding: '6px 8px', fontSize: 12 }}>{config.offlineMessage}</Box>
              )}
              {bubble('agent', config.greeting || '…')}
              {bubble('visitor', 'Hi! Where is my order?')}
              {mode === 'online' && bubble('agent', 'Let me check that for you.')}
            </Stack>
          )}
        </Paper>
        <Box style={{ width: 48, height: 48, borderRadius: '50%', background: accent, color: 'white', display: 'grid', placeItems: 'center', boxShadow: '0 4px 14px rgba(0,0,0,.2)' }}>
          <IconMessageCircle size={24} />
        </Box>
      </Box>
    </Stack>
  );
}
