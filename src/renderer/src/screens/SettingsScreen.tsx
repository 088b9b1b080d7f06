/** This profile's settings: auto-lock, passphrase, quick unlock, and deleting the profile. */
import { Alert, Button, Group, Modal, NumberInput, Paper, PasswordInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { checkRange } from '../../../shared/field-messages';
import { ACTIVITY_RETENTION_DAYS, APPROVAL_TIMEOUT_SECONDS, AUTO_LOCK_MINUTES, rangeText } from '../../../shared/limits';
import type { TenantSettingsView } from '../../../shared/views';
import { api } from '../api';
import { NewPassphraseFields, passphraseReady } from '../components/NewPassphraseFields';
import { useBusyAction, usePassphraseStrength } from '../hooks';
import { useApp } from '../store';
import { errorMessage, notifySuccess } from '../util';

export function SettingsScreen() {
  return (
    <Stack>
      <Title order={2}>Settings</Title>
      <GeneralSettings />
      <ChangePassphrase />
      <QuickUnlock />
      <DeleteProfile />
    </Stack>
  );
}

function Section({ id, title, children, danger = false }: { id: string; title: string; children: React.ReactNode; danger?: boolean }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} style={danger ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="sm" maw={520}>
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function GeneralSettings() {
  const [settings, setSettings] = useState<TenantSettingsView | null>(null);
  const [autoLock, setAutoLock] = useState<number | string>('');
  const [retention, setRetention] = useState<number | string>('');
  const [approvalTimeout, setApprovalTimeout] = useState<number | string>('');
  const { busy, error, setError, run } = useBusyAction();
  const [savedNote, setSavedNote] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<'autoLock' | 'retention' | 'approvalTimeout', string | undefined>>({ autoLock: undefined, retention: undefined, approvalTimeout: undefined });

  useEffect(() => {
    api.invoke('settings.get').then(
      (s) => {
        setSettings(s);
        setAutoLock(s.autoLockMinutes);
        setRetention(s.activityRetentionDays);
        setApprovalTimeout(s.approvalTimeoutSeconds);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSavedNote(false);
    const errors = {
      autoLock: checkRange(autoLock, AUTO_LOCK_MINUTES, 'minutes'),
      retention: checkRange(retention, ACTIVITY_RETENTION_DAYS, 'days'),
      approvalTimeout: checkRange(approvalTimeout, APPROVAL_TIMEOUT_SECONDS, 'seconds'),
    };
    setFieldErrors(errors);
    if (errors.autoLock || errors.retention || errors.approvalTimeout || typeof autoLock !== 'number' || typeof retention !== 'number' || typeof approvalTimeout !== 'number') return;
    await run(async () => {
      setSettings(await api.invoke('settings.update', { autoLockMinutes: autoLock, activityRetentionDays: retention, approvalTimeoutSeconds: approvalTimeout }));
      // Said beside the button it answers, not in a toast that may cover another control.
      setSavedNote(true);
    });
  };

  return (
    <Section id="settings-general" title="Locking and activity">
      <form onSubmit={(e) => void save(e)} noValidate>
        <Stack gap="sm">
          <NumberInput
            label="Auto-lock after (minutes)"
            description={`Your profile locks itself when Switchboard has not been used for this long (${rangeText(AUTO_LOCK_MINUTES)}).`}
            min={AUTO_LOCK_MINUTES.min}
            max={AUTO_LOCK_MINUTES.max}
            allowDecimal={false}
            allowNegative={false}
            value={autoLock}
            onChange={(v) => {
              setAutoLock(v);
              setSavedNote(false);
            }}
            error={fieldErrors.autoLock}
            disabled={!settings}
          />
          <NumberInput
            label="Keep activity for (days)"
            description={`Older entries of your activity log are deleted when you unlock (${rangeText(ACTIVITY_RETENTION_DAYS)}).`}
            min={ACTIVITY_RETENTION_DAYS.min}
            max={ACTIVITY_RETENTION_DAYS.max}
            allowDecimal={false}
            allowNegative={false}
            value={retention}
            onChange={(v) => {
              setRetention(v);
              setSavedNote(false);
            }}
            error={fieldErrors.retention}
            disabled={!settings}
          />
          <NumberInput
            label="Agents wait for approval (seconds)"
            description={`How long an AI agent's call of an action set to ask first waits for your answer before it fails (${rangeText(APPROVAL_TIMEOUT_SECONDS)}).`}
            min={APPROVAL_TIMEOUT_SECONDS.min}
            max={APPROVAL_TIMEOUT_SECONDS.max}
            allowDecimal={false}
            allowNegative={false}
            value={approvalTimeout}
            onChange={(v) => {
              setApprovalTimeout(v);
              setSavedNote(false);
            }}
            error={fieldErrors.approvalTimeout}
            disabled={!settings}
          />
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button type="submit" loading={busy} disabled={!settings}>
              Save settings
            </Button>
            {savedNote && (
              <Text size="sm" role="status">
                Settings saved.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function ChangePassphrase() {
  const name = useApp((s) => s.session?.name ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useBusyAction();
  const strength = usePassphraseStrength(next, name ? [name] : []);
  const ready = current.length > 0 && passphraseReady(next, repeat, strength);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || busy) return;
    await run(async () => {
      await api.invoke('session.changePassphrase', { current, next });
      setNext('');
      setRepeat('');
      notifySuccess('Your passphrase is changed. Your recovery key keeps working.');
    });
    setCurrent('');
  };

  return (
    <Section id="settings-passphrase" title="Change passphrase">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <PasswordInput label="Current passphrase" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
          <NewPassphraseFields
            label="New passphrase"
            repeatLabel="Repeat new passphrase"
            value={next}
            repeat={repeat}
            strength={strength}
            onChange={setNext}
            onRepeatChange={setRepeat}
          />
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button type="submit" disabled={!ready} loading={busy}>
              Change passphrase
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function QuickUnlock() {
  const session = useApp((s) => s.session);
  const [status, setStatus] = useState<{ available: boolean; enabled: boolean } | null>(null);
  const { busy, error, setError, run } = useBusyAction();

  useEffect(() => {
    if (!session) return;
    api.invoke('quickUnlock.status', { tenantId: session.tenantId }).then(setStatus, (err: unknown) => setError(errorMessage(err)));
  }, [session]);

  const toggle = (enabled: boolean) =>
    run(async () => {
      setStatus(await api.invoke('quickUnlock.set', { enabled }));
      notifySuccess(enabled ? 'Quick unlock is on for this device.' : 'Quick unlock is off; the key was removed from the keychain.');
    });

  const available = status?.available === true;
  return (
    <Section id="settings-quick-unlock" title="Quick unlock on this device">
      <Text size="sm">
        Quick unlock keeps a key to your vault in the operating system’s keychain (macOS Keychain, Windows Credential Manager, the Secret
        Service on Linux), so you can unlock without typing your passphrase. Your passphrase and recovery key keep working, also if the
        keychain changes. It is available in the desktop app only: a browser page cannot reach the keychain.
      </Text>
      <Switch
        label="Quick unlock on this device"
        checked={status?.enabled === true}
        disabled={!available || busy}
        description={available ? 'Anyone who can use your account on this computer can then unlock this profile.' : 'Open Switchboard’s desktop app to use quick unlock.'}
        onChange={(e) => void toggle(e.currentTarget.checked)}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Section>
  );
}

function DeleteProfile() {
  const session = useApp((s) => s.session);
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setOpen(false);
    setPassphrase('');
    setError(null);
  };

  const remove = async (event: FormEvent) => {
    event.preventDefault();
    if (!session || busy) return;
    if (passphrase.length === 0) {
      setError('Enter your passphrase to confirm.');
      return;
    }
    setBusy(true);
    setError(null);
    const attempt = passphrase;
    setPassphrase('');
    useApp.setState({ quietLock: true });
    try {
      await api.invoke('session.deleteProfile', { passphrase: attempt });
      useApp.getState().locked({ notice: `The profile ${session.name} is deleted, with its vault.` });
    } catch (err) {
      useApp.setState({ quietLock: false });
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Section id="settings-delete" title="Delete profile" danger>
      <Text size="sm">
        Deleting your profile deletes its vault: your connections, enabled actions, settings and activity. It cannot be undone, and the
        recovery key will not bring it back.
      </Text>
      <Group>
        <Button color="red" variant="outline" onClick={() => setOpen(true)}>
          Delete profile
        </Button>
      </Group>
      <Modal opened={open} onClose={close} title={`Delete the profile ${session?.name ?? ''}?`} centered>
        <form onSubmit={(e) => void remove(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm">This deletes the vault of this profile for good. Enter your passphrase to confirm.</Text>
            <PasswordInput
              label="Passphrase to confirm"
              autoComplete="current-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              data-autofocus
            />
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={busy}>
                Delete profile
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Section>
  );
}
