/** Admin › Profiles: every profile of the space, with ids and counts only; create a profile, change a role, remove a profile. */
import { Alert, Badge, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Role } from '../../../../shared/model';
import type { AdminTenantView } from '../../../../shared/views';
import { api } from '../../api';
import { mayCreateProfile } from '../../../../shared/limits';
import { useApp } from '../../store';
import { formatTime, notifySuccess } from '../../util';
import { adminErrorMessage, ROLE_OPTIONS } from './admin-util';
import { ConfirmModal } from '../ConfirmModal';

function shortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function shortDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const thisYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, { ...(thisYear ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function TenantsPanel() {
  const me = useApp((s) => s.session?.tenantId);
  const role = useApp((s) => s.session?.role ?? null);
  const profileCreation = useApp((s) => s.space?.profileCreation ?? 'anyone');
  const go = useApp((s) => s.go);
  const [tenants, setTenants] = useState<AdminTenantView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AdminTenantView | null>(null);

  const load = useCallback(async () => {
    try {
      setTenants(await api.invoke('admin.tenants'));
    } catch (err) {
      setError(adminErrorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const changeRole = async (tenant: AdminTenantView, role: Role) => {
    if (role === tenant.role) return;
    setBusyId(tenant.id);
    setError(null);
    try {
      await api.invoke('admin.setRole', { tenantId: tenant.id, role });
      notifySuccess(`${tenant.name} is now ${role === 'admin' ? 'an admin' : `a ${role}`}.`, 'Role changed');
      void useApp
        .getState()
        .refreshProfiles()
        .catch(() => undefined);
    } catch (err) {
      setError(`Could not change the role of ${tenant.name}: ${adminErrorMessage(err)}`);
    } finally {
      setBusyId(null);
      await load();
    }
  };

  return (
    <Stack component="section" aria-labelledby="admin-tenants-heading">
      <Title order={3} id="admin-tenants-heading">
        Profiles
      </Title>
      <Text size="sm">
        Every profile of this space. You see which connectors each one connected, how many actions it switched on and how many calls it made:
        ids and counts only, never a credential, an input or anything else from inside a vault.
      </Text>
      {mayCreateProfile(profileCreation, role) && (
        <Group gap="sm" wrap="wrap">
          <Button variant="light" onClick={() => go('newProfile')}>
            New profile
          </Button>
          <Text size="sm">
            {profileCreation === 'anyone'
              ? 'Create a profile for someone.'
              : 'On this space, profiles are created by an unlocked admin' + (profileCreation === 'members' ? ' or member.' : '.')}{' '}
            The window then switches to the new profile, so its owner sets the passphrase and stores the recovery key.
          </Text>
        </Group>
      )}
      {error && (
        <Alert color="red" role="alert" title="Something went wrong">
          {error}
        </Alert>
      )}
      {!tenants && !error && <Loader aria-label="Loading profiles" />}
      {tenants && (
        <Table.ScrollContainer minWidth={1080}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Caption>{tenants.length === 1 ? '1 profile' : `${tenants.length} profiles`} in this space</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Last active</Table.Th>
                <Table.Th scope="col">Connectors</Table.Th>
                <Table.Th scope="col">Actions enabled</Table.Th>
                <Table.Th scope="col">Calls 24 h</Table.Th>
                <Table.Th scope="col">Errors 24 h</Table.Th>
                <Table.Th scope="col">Calls 30 d</Table.Th>
                <Table.Th scope="col">Errors 30 d</Table.Th>
                <Table.Th scope="col">Approved 30 d</Table.Th>
                <Table.Th scope="col">Denied 30 d</Table.Th>
                <Table.Th scope="col">Needs re-auth</Table.Th>
                <Table.Th scope="col">Remove</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tenants.map((t) => {
                const isMe = t.id === me;
                return (
                  <Table.Tr key={t.id}>
                    <Table.Th scope="row" fw={600}>
                      {t.name}
                      {isMe && (
                        <Text size="xs" fw={400}>
                          (you)
                        </Text>
                      )}
                    </Table.Th>
                    <Table.Td>
                      {isMe ? (
                        t.role
                      ) : (
                        <NativeSelect
                          aria-label={`Role of ${t.name}`}
                          size="xs"
                          w={110}
                          value={t.role}
                          disabled={busyId === t.id}
                          data={ROLE_OPTIONS}
                          onChange={(e) => void changeRole(t, e.currentTarget.value as Role)}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <time dateTime={t.createdAt} title={formatTime(t.createdAt)}>
                        {shortDate(t.createdAt)}
                      </time>
                    </Table.Td>
                    <Table.Td>{t.lastActiveAt ? (
                        <time dateTime={t.lastActiveAt} title={formatTime(t.lastActiveAt)}>
                          {shortDateTime(t.lastActiveAt)}
                        </time>
                      ) : (
                        'never'
                      )}</Table.Td>
                    <Table.Td>
                      {t.connectors.length === 0 ? (
                        'none'
                      ) : (
                        <Group gap={4}>
                          {t.connectors.map((c) => (
                            <code key={c}>{c}</code>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>{t.actionsEnabled}</Table.Td>
                    <Table.Td>{t.calls24h}</Table.Td>
                    <Table.Td>{t.errors24h}</Table.Td>
                    <Table.Td>{t.calls30d}</Table.Td>
                    <Table.Td>{t.errors30d}</Table.Td>
                    <Table.Td>{t.approvals30d}</Table.Td>
                    <Table.Td>{t.denials30d}</Table.Td>
                    <Table.Td>
                      {t.needsReauth.length === 0 ? (
                        'none'
                      ) : (
                        <Group gap={4}>
                          {t.needsReauth.map((c) => (
                            <Badge key={c} variant="light" color="orange">
                              {c}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {isMe ? (
                        <Text size="sm">you</Text>
                      ) : (
                        <Button size="compact-sm" color="red" variant="outline" onClick={() => setRemoving(t)} disabled={busyId === t.id}>
                          Remove {t.name}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="sm">To delete your own profile, use Settings › Delete profile: it asks for your passphrase.</Text>
      <RemoveTenantModal
        tenant={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(name) => {
          setRemoving(null);
          notifySuccess(`The profile ${name} is removed, with its vault.`, 'Profile removed');
          void useApp
            .getState()
            .refreshProfiles()
            .catch(() => undefined);
          void load();
        }}
      />
    </Stack>
  );
}

function RemoveTenantModal({ tenant, onClose, onRemoved }: { tenant: AdminTenantView | null; onClose: () => void; onRemoved: (name: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Keep the last tenant shown while the modal animates closed.
  const [shown, setShown] = useState<AdminTenantView | null>(tenant);
  if (tenant && tenant !== shown) setShown(tenant);

  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };

  const remove = async () => {
    if (!tenant || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.invoke('admin.removeTenant', { tenantId: tenant.id });
      onRemoved(tenant.name);
    } catch (err) {
      setError(adminErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const name = shown?.name ?? '';
  return (
    <ConfirmModal
      opened={tenant !== null}
      title={`Remove the profile ${name}?`}
      confirmLabel="Remove profile"
      busy={busy}
      error={error}
      onConfirm={() => void remove()}
      onClose={close}
    >
      <Text size="sm">
        The vault of {name} is deleted unopened: its connections and credentials, enabled actions, settings and activity are gone for good, and
        its AI-client tokens stop working. Neither you nor {name} can bring it back, not even with the recovery key.
      </Text>
    </ConfirmModal>
  );
}
