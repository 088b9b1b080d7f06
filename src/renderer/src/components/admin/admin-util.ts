/** Helpers of the admin dashboard: error text that follows a lost admin role, readable audit details. */
import type { Role } from '../../../../shared/model';
import { api } from '../../api';
import { useApp } from '../../store';
import { errorCode, errorMessage, notifyInfo } from '../../util';

export const ROLE_OPTIONS: Role[] = ['admin', 'member', 'viewer'];

const PROFILE_CREATION_TEXT: Record<string, string> = {
  anyone: 'anyone',
  members: 'admins and members',
  admins: 'admins only',
};

/**
 * The message for a failed admin call. A POLICY_DENIED may mean this profile is no longer an
 * admin (another admin changed its role): then follow the engine, and the Admin tab goes away.
 */
export function adminErrorMessage(err: unknown): string {
  if (errorCode(err) === 'POLICY_DENIED') void recheckRole();
  return errorMessage(err);
}

async function recheckRole(): Promise<void> {
  try {
    const current = await api.invoke('session.current');
    const state = useApp.getState();
    if (!current || !state.session || current.tenantId !== state.session.tenantId || current.role === state.session.role) return;
    state.unlocked(current, state.screen === 'admin' ? 'connectors' : undefined);
    notifyInfo(`An admin changed your role to ${current.role}.`, 'Role changed');
  } catch {
    // The error itself is already shown where the call was made.
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** What an audit action is called on screen. */
export function auditActionLabel(action: string): string {
  const labels: Record<string, string> = {
    'policy.set': 'Policy changed',
    'tenant.role': 'Role changed',
    'tenant.delete': 'Profile removed',
    'oauth.set': 'OAuth app set',
    'space.rename': 'Space renamed',
    'space.settings': 'Space settings changed',
    'connector.save': 'Custom connector saved',
    'connector.remove': 'Custom connector removed',
  };
  return labels[action] ?? action;
}

/** An audit entry's detail as a sentence-like line ("slack.send_message for member: deny"). */
export function auditDetailText(action: string, detail: Record<string, unknown>): string {
  const d = (key: string) => str(detail[key]);
  switch (action) {
    case 'policy.set':
      if (d('subject') && d('role') && d('effect')) return `${d('subject')} for ${d('role')}: ${d('effect')}`;
      break;
    case 'tenant.role':
      if (d('name') && d('from') && d('to')) return `${d('name')}: ${d('from')} → ${d('to')}`;
      break;
    case 'tenant.delete':
      if (d('name')) return `${d('name')}: profile and vault deleted`;
      break;
    case 'oauth.set':
      if (d('connectorId')) {
        return `OAuth app for ${d('connectorId')}${d('clientId') ? `: client id ${d('clientId')}` : ''}${d('clientSecret') ? `, client secret ${d('clientSecret')}` : ''}`;
      }
      break;
    case 'space.rename':
      if (d('name')) return `Space renamed to ${d('name')}`;
      break;
    case 'space.settings': {
      const parts: string[] = [];
      if (d('defaultAutoLockMinutes')) parts.push(`default auto-lock of new profiles: ${d('defaultAutoLockMinutes')} min`);
      if (d('profileCreation')) parts.push(`who can create profiles: ${PROFILE_CREATION_TEXT[d('profileCreation')!] ?? d('profileCreation')}`);
      if (parts.length > 0) return parts.join('; ');
      break;
    }
  }
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${str(value) ?? JSON.stringify(value)}`)
    .join(', ');
}
