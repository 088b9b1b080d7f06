/** What a connector's card and page say about it, from the engine's views. */
import type { ActionState, ConnectionSummary, ConnectorView } from '../../../shared/views';
import { plural } from '../util';

export interface ConnectorStatus {
  /** The main badge: "Connected", "Needs re-auth", "Not allowed by policy" or "Not connected". */
  label: string;
  color: string;
  /** "N actions enabled", when connected. */
  enabled?: string;
  /** Every action of it is forbidden by the space policy. */
  blocked: boolean;
}

export function connectorStatus(connector: ConnectorView, connection: ConnectionSummary | undefined, actions: ActionState[]): ConnectorStatus {
  const blocked = actions.length > 0 && actions.every((a) => !a.allowed);
  if (connection) {
    const enabled = plural(connection.enabledActions.length, 'action enabled', 'actions enabled');
    if (connection.status === 'auth_required') return { label: 'Needs re-auth', color: 'orange', enabled, blocked };
    return { label: 'Connected', color: 'teal', enabled, blocked };
  }
  if (blocked) return { label: 'Not allowed by policy', color: 'red', blocked };
  return { label: 'Not connected', color: 'gray', blocked };
}

/** Human names of the categories in the catalog. */
export function categoryLabel(category: string): string {
  const known: Record<string, string> = {
    communication: 'Communication',
    docs: 'Docs',
    developer: 'Developer',
    email: 'Email',
    calendar: 'Calendar',
    crm: 'CRM',
    project: 'Project management',
    other: 'Other',
  };
  return known[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}
