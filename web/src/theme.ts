import { createTheme, localStorageColorSchemeManager, type MantineColorsTuple } from '@mantine/core';

// A calm indigo-violet: reads as "conversation" without the usual social-network blue.
const parley: MantineColorsTuple = ['#eef0ff', '#dcdeff', '#b5b9fb', '#8b92f6', '#6a70f2', '#5459f0', '#4a4ef0', '#3b3fd6', '#3338c0', '#2830aa'];

export const theme = createTheme({
  primaryColor: 'parley',
  colors: { parley },
  primaryShade: { light: 6, dark: 5 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  components: {
    Modal: { defaultProps: { radius: 'lg', overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
    Tooltip: { defaultProps: { openDelay: 300 } },
    // The default toggle label contains "password", which makes "the Password field" ambiguous for
    // screen-reader users and label-based tests alike.
    PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Show or hide what you typed' }, withAsterisk: false } },
    // Fields are required unless labelled "(optional)"; an asterisk would also become part of the label text.
    TextInput: { defaultProps: { withAsterisk: false } },
    Textarea: { defaultProps: { withAsterisk: false } },
    NativeSelect: { defaultProps: { withAsterisk: false } },
    Select: { defaultProps: { withAsterisk: false } },
    MultiSelect: { defaultProps: { withAsterisk: false } },
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'parley.color-scheme' });
