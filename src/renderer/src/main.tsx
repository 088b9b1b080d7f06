import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { Badge, MantineProvider, Notification, NumberInput, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Darker shades than Mantine's defaults, so text on buttons and badges meets WCAG AA contrast.
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 9, dark: 8 },
  components: {
    // Badges read as words ("Not connected"), not shouted labels.
    Badge: Badge.extend({ defaultProps: { tt: 'none' } }),
    // A number outside its range is refused on the field with the range, never silently changed to the nearest end.
    NumberInput: NumberInput.extend({ defaultProps: { clampBehavior: 'none' } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});

const resolver: CSSVariablesResolver = () => ({
  variables: {},
  // Field errors in a red dark enough to read on white (WCAG AA); Mantine's default is lighter.
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-8)' },
  dark: {},
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={resolver} defaultColorScheme="light">
        <Notifications position="bottom-right" />
        <App />
      </MantineProvider>
    </StrictMode>,
  );
}
