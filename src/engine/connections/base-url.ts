/**
 * Base URLs a connection may point at: https anywhere, plain http only on this machine
 * (a local proxy or a test server), never with credentials or a fragment in the URL.
 */
import { SwitchboardError } from '../../shared/errors.js';

/** A refused base URL, said on its field (the UI shows `details.fields.baseUrl` there). */
function invalid(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_INPUT', message, { fields: { baseUrl: message } });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Validate and normalise (no trailing slash). */
export function normalizeBaseUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) {
    throw invalid('The base URL must be a URL such as https://api.example.com.');
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid('The base URL is not a URL. Use a full URL such as https://api.example.com.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw invalid('The base URL must use https (plain http only for 127.0.0.1 or localhost): credentials must not cross the network in clear.');
  }
  if (url.username || url.password) {
    throw invalid('Put credentials in the connection fields, not in the base URL.');
  }
  if (url.hash || url.search) throw invalid('The base URL cannot have a query or a fragment.');
  return url.toString().replace(/\/+$/, '');
}
