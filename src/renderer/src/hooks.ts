/** Hooks shared by the screens. */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { EventMap, EventName } from '../../shared/ipc';
import { passphraseStrength, type PassphraseStrength } from '../../shared/validation';
import { api } from './api';
import { useApp } from './store';
import { errorMessage } from './util';

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** navigator.onLine, kept current by the online/offline events. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/**
 * The strength of `passphrase` (zxcvbn, with `context` words counted against it), or null while
 * it is being computed for the current text.
 */
export function usePassphraseStrength(passphrase: string, context: string[]): PassphraseStrength | null {
  const [result, setResult] = useState<{ for: string; ctx: string; strength: PassphraseStrength } | null>(null);
  const ctx = context.join('\u0000');
  useEffect(() => {
    if (passphrase.length === 0) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      passphraseStrength(passphrase, ctx ? ctx.split('\u0000') : []).then(
        (strength) => {
          if (!cancelled) setResult({ for: passphrase, ctx, strength });
        },
        () => undefined,
      );
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [passphrase, ctx]);
  // Drop the last result (and the passphrase it holds) once the field is cleared.
  useEffect(() => {
    if (passphrase.length === 0) setResult(null);
  }, [passphrase]);
  if (passphrase.length === 0) return { score: 0, acceptable: false, problems: [] };
  return result && result.for === passphrase && result.ctx === ctx ? result.strength : null;
}

/** Listen to an engine event while the component is mounted. */
export function useEngineEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): void {
  const [ref] = useState<{ current: (payload: EventMap[E]) => void }>(() => ({ current: listener }));
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => api.on(event, (payload) => ref.current(payload)), [event, ref]);
}

/**
 * Busy and error state for one action of a form: `run` marks it busy, clears the last error, runs
 * the action, and shows a failure's message (written for people by the engine).
 */
export function useBusyAction(): {
  busy: boolean;
  error: string | null;
  setError: (error: string | null) => void;
  run: (action: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/**
 * The milliseconds left until `until` (a Date.now() time), re-rendered each second; 0 once it has
 * passed or when there is none. For lockouts: the wait counts down on screen.
 */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (until === null || until <= Date.now()) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, until - now);
}

/** When a lockout error (LOCKED_OUT, or a wrong attempt that starts one) says the next try may come. */
export function lockoutUntil(err: unknown): number | null {
  const ms = (err as { details?: { retryAfterMs?: unknown } }).details?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? Date.now() + ms : null;
}

/** The name a person reads for a connector id (the catalog's), loading the catalog once if no screen has yet. */
export function useConnectorName(): (id: string) => string {
  const catalog = useApp((s) => s.catalog);
  useEffect(() => {
    if (catalog) return;
    api.invoke('catalog.list').then(
      (c) => useApp.getState().setCatalog(c),
      () => undefined,
    );
  }, [catalog]);
  return useCallback((id: string) => catalog?.find((c) => c.id === id)?.name ?? id, [catalog]);
}
