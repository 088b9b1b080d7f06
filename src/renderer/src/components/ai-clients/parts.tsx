/** Building blocks of the AI clients screen: a titled section, a config snippet with its Copy button. */
import { Box, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { copyText, notifyError, notifySuccess } from '../../util';

export function copy(text: string, done: string, refused: string): void {
  void copyText(text).then((ok) => (ok ? notifySuccess(done) : notifyError(new Error(refused))));
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}


/** One config to paste: what it is, where it goes, the text, and its own Copy button. */
export function Snippet({ id, title, where, text, copyLabel, copiedMessage }: { id: string; title: string; where: ReactNode; text: string; copyLabel: string; copiedMessage: string }) {
  return (
    <Box component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={4} size="h5" id={id}>
          {title}
        </Title>
        <Text size="sm">{where}</Text>
        <Code block className="sb-snippet">
          {text}
        </Code>
        <Group>
          <Button variant="default" size="sm" onClick={() => copy(text, copiedMessage, 'Copying is not allowed here: select the text and copy it.')}>
            {copyLabel}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}
