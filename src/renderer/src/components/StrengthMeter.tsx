/** The passphrase strength meter: a Progress named "Passphrase strength" and what is missing. */
import { List, Progress, Stack, Text } from '@mantine/core';
import type { PassphraseStrength } from '../../../shared/validation';

const WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;

export function StrengthMeter({ strength, empty }: { strength: PassphraseStrength | null; empty: boolean }) {
  const score = strength?.score ?? 0;
  const value = empty ? 0 : ((score + 1) / 5) * 100;
  const word = empty ? 'Not entered yet' : strength ? WORDS[score] : 'Checking…';
  return (
    <Stack gap={4}>
      <Progress aria-label="Passphrase strength" value={value} color={COLORS[score]} size="sm" />
      <Text size="xs" c="dimmed">
        Strength: {word}
        {strength?.acceptable ? ' — good enough to protect your vault.' : ''}
      </Text>
      {!empty && strength && strength.problems.length > 0 && (
        <List size="xs" c="dimmed">
          {strength.problems.map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
