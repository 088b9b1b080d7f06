/**
 * In-process notice that what a tenant may call has changed (connected, disconnected, enabled,
 * disabled, policy, role), so live views — MCP tool lists above all — refresh at once. It carries
 * ids only. Changes made by another process are found by the views' own periodic check.
 */
import { EventEmitter } from 'node:events';

export type ConfigChange = { kind: 'tenant'; spaceId: string; tenantId: string } | { kind: 'space'; spaceId: string };

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function notifyConfigChange(change: ConfigChange): void {
  bus.emit('change', change);
}

export function onConfigChange(listener: (change: ConfigChange) => void): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
