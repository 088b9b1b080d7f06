/** A new passphrase, typed twice, with the strength meter. Used by New profile, Forgot and Settings. */
import { PasswordInput, Stack } from '@mantine/core';
import { StrengthMeter } from './StrengthMeter';
import type { PassphraseStrength } from '../../../shared/validation';

interface Props {
  label: string;
  repeatLabel: string;
  value: string;
  repeat: string;
  strength: PassphraseStrength | null;
  onChange: (value: string) => void;
  onRepeatChange: (value: string) => void;
}

export function NewPassphraseFields({ label, repeatLabel, value, repeat, strength, onChange, onRepeatChange }: Props) {
  const mismatch = repeat.length > 0 && repeat !== value;
  return (
    <Stack gap="sm">
      <PasswordInput
        label={label}
        description="At least 12 characters. Several unrelated words work well."
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      <StrengthMeter strength={strength} empty={value.length === 0} />
      <PasswordInput
        label={repeatLabel}
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => onRepeatChange(e.currentTarget.value)}
        error={mismatch ? 'The two passphrases are not the same.' : undefined}
      />
    </Stack>
  );
}

/** Whether the new passphrase may be submitted. */
export function passphraseReady(value: string, repeat: string, strength: PassphraseStrength | null): boolean {
  return value.length > 0 && value === repeat && strength?.acceptable === true;
}
