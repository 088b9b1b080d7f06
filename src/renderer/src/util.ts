/** Small helpers shared by the screens: error text, toasts, downloads. */
import { notifications } from '@mantine/notifications';

const GENERIC = 'Something went wrong. Try again.';

let vaultLockedHandler: (() => void) | null = null;

/** Called when a call finds the session locked (a `session` event may have been missed). */
export function setVaultLockedHandler(handler: (() => void) | null): void {
  vaultLockedHandler = handler;
}

/** The message to show a person for anything thrown by `api.invoke`. */
export function errorMessage(err: unknown): string {
  if (errorCode(err) === 'VAULT_LOCKED' && vaultLockedHandler) setTimeout(vaultLockedHandler, 0);
  if (err instanceof TypeError) {
    return 'Switchboard cannot be reached. Check that it is still running, then try again.';
  }
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const message = (err as { message: unknown }).message;
    if (typeof message === 'string' && message.length > 0) return message;
  }
  return GENERIC;
}

/** The error code (`WRONG_PASSPHRASE`, …) of anything thrown by `api.invoke`. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function notifySuccess(message: string, title?: string): void {
  notifications.show({ message, title, color: 'green', role: 'status' });
}

export function notifyInfo(message: string, title?: string): void {
  notifications.show({ message, title, color: 'blue', role: 'status' });
}

export function notifyError(err: unknown, title?: string): void {
  notifications.show({ message: errorMessage(err), title, color: 'red', role: 'alert' });
}

/** Offer `text` as a file download, without a network round trip. */
export function downloadText(filename: string, text: string): void {
  const blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copy text to the clipboard; returns whether it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A profile name made safe for a file name: no path separators or characters Windows refuses. */
export function fileSafe(name: string): string {
  const safe = name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/gu, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  return safe || 'profile';
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A wait as a clock reads it: "0:27", "4:05", "1:00:00". */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
