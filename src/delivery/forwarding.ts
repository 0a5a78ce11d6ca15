import type { ForwardRule } from '../config.js';

/**
 * Where a delivery actually goes: the first rule whose `from` prefixes the subscription's URL
 * replaces that prefix with `to`. The signature still covers the original URL, as Bird's would.
 * The prefix must end at a boundary (`/`, `?`, `#` or the end), so `https://app.example.com`
 * does not capture `https://app.example.community` or `https://app.example.com:8443`.
 */
export function forwardedDestination(url: string, rules: readonly ForwardRule[]): string {
  for (const { from, to } of rules) {
    if (!url.startsWith(from)) continue;
    const rest = url.slice(from.length);
    if (rest === '' || from.endsWith('/') || /^[/?#]/.test(rest)) return joinUrl(to, rest);
  }
  return url;
}

function joinUrl(base: string, rest: string): string {
  if (rest === '') return base;
  if (base.endsWith('/') && rest.startsWith('/')) return base + rest.slice(1);
  if (!base.endsWith('/') && !rest.startsWith('/') && !rest.startsWith('?')) return `${base}/${rest}`;
  return base + rest;
}
