import { isIP } from 'node:net';

/** Bird's own rule for subscription URLs (SPEC §1.3): https on a public host name. */
const BIRD_URL_PATTERN = /^https:\/\/([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}(:[0-9]+)?(\/[^\s]*)?$/;

export interface UrlRuleOptions {
  /** Apply Bird's rule alone, refusing the local receivers an emulator normally allows. */
  strict: boolean;
}

/** Returns why `url` is refused, or undefined when it is accepted. */
export function checkSubscriptionUrl(url: string, { strict }: UrlRuleOptions): string | undefined {
  if (BIRD_URL_PATTERN.test(url)) return undefined;
  const birdMessage = 'must be an https:// URL on a public host name';
  if (strict) return `${birdMessage} (strict mode: local URLs are refused)`;
  if (isLocalUrl(url)) return undefined;
  return `${birdMessage}, or an http(s):// URL on localhost, 127.0.0.0/8 or [::1]`;
}

/** http(s) on localhost, 127.0.0.0/8 or [::1], with no whitespace anywhere. */
function isLocalUrl(url: string): boolean {
  if (/\s/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  return isLocalHostname(parsed.hostname);
}

/** True for `localhost`, an IPv4 address in 127.0.0.0/8, and `::1` (with or without brackets). */
export function isLocalHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
