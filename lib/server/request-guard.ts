/**
 * The two checks every request passes before any route sees it (proxy.ts),
 * modelled on Jupyter Server's Host check and the Fetch Metadata defence:
 *
 * - checkHost: the Host header must name this machine (an allow-list), so a
 *   page whose DNS name is rebound to 127.0.0.1 cannot read from the app.
 * - checkCrossSite: a request that changes something must come from the
 *   app's own pages (Sec-Fetch-Site, or failing that an Origin equal to the
 *   server's), and carry JSON, so another site cannot curate, export or
 *   delete behind the user's back.
 *
 * Pure functions of the header values: the reasons they return are sent to
 * the client, so they quote only what the client itself sent.
 */
import { normalizeHostName } from '@/lib/config';

/** Methods that only read. Anything else (including unknown methods) is treated as changing state. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Methods whose requests carry a body, which must then be JSON. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const JSON_TYPE = /^application\/json[ \t]*(;|$)/i;
/** A bracketed IPv6 literal or a DNS name / IPv4 address, then an optional port. */
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]*\]|[A-Za-z0-9._-]*)(?::([0-9]{1,5}))?$/;

interface ParsedHost {
  name: string;
  /** The port, 80 when the header names none (the app is served over plain HTTP). */
  port: number;
}

/** At most 100 characters of a client's header, quoted, for an error message. */
function quote(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
}

function parseHost(header: string): ParsedHost | string {
  const match = HOST_HEADER.exec(header);
  if (!match) return `Host header ${quote(header)} is not a host name with an optional port`;
  const name = normalizeHostName(match[1]);
  if (name === '') return `Host header ${quote(header)} has an empty host name`;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port < 1 || port > 65535) return `Host header ${quote(header)} has a port outside 1-65535`;
  return { name, port };
}

/**
 * Null when `hostHeader` names a host in `allowed` (lower-case names without
 * ports, as Config.allowedHosts holds them), else the reason it is refused.
 */
export function checkHost(hostHeader: string | null | undefined, allowed: readonly string[]): string | null {
  if (hostHeader === null || hostHeader === undefined || hostHeader.trim() === '') return 'the request has no Host header';
  const host = parseHost(hostHeader.trim());
  if (typeof host === 'string') return host;
  if (!allowed.includes(host.name)) {
    return `Host ${quote(host.name)} is not a name this server answers to; add it to STILLROOM_ALLOWED_HOSTS to allow it`;
  }
  return null;
}

export interface CrossSiteInput {
  method: string;
  /** The Sec-Fetch-Site header, null when absent. */
  secFetchSite: string | null;
  /** The Origin header, null when absent. */
  origin: string | null;
  /** The Host header (already passed checkHost). */
  host: string | null;
  contentType: string | null;
  /** True when the request has a body (Content-Length above 0, or Transfer-Encoding). */
  hasBody: boolean;
}

export interface Refusal {
  status: 403 | 415;
  reason: string;
}

function sameOrigin(origin: string, host: string | null): boolean {
  if (host === null) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.origin !== origin.toLowerCase().replace(/\/$/, '')) return false;
  const server = parseHost(host.trim());
  if (typeof server === 'string') return false;
  return normalizeHostName(url.hostname) === server.name && Number(url.port || 80) === server.port;
}

function originRefusal({ secFetchSite, origin, host }: CrossSiteInput): string | null {
  if (secFetchSite !== null) {
    // Set by the browser itself and not writable by a page's script: when present it decides.
    const site = secFetchSite.trim().toLowerCase();
    if (site === 'same-origin' || site === 'none') return null;
    if (site === 'same-site' || site === 'cross-site') return `a request from another site (Sec-Fetch-Site: ${site}) cannot change anything here`;
    return `Sec-Fetch-Site ${quote(secFetchSite)} is not a value browsers send`;
  }
  if (origin === null) return 'a request that changes something needs an Origin (or Sec-Fetch-Site) header naming this server';
  if (!sameOrigin(origin, host)) return `a request from ${quote(origin)} cannot change anything here: only this server's own pages can`;
  return null;
}

/**
 * Null when the request may go on, else the status and reason to refuse it
 * with: 403 for a state-changing request not from the app's own origin, 415
 * for a body (or a POST/PUT/PATCH) that is not `application/json`.
 */
export function checkCrossSite(input: CrossSiteInput): Refusal | null {
  const method = input.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return null;
  const refused = originRefusal(input);
  if (refused !== null) return { status: 403, reason: refused };
  if ((BODY_METHODS.has(method) || input.hasBody) && !JSON_TYPE.test(input.contentType ?? '')) {
    return { status: 415, reason: `Content-Type must be application/json, got ${quote(input.contentType ?? '')}` };
  }
  return null;
}
