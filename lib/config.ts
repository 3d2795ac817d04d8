/**
 * The one place that reads Stillroom's configuration from the environment.
 * Paths come back absolute (resolved against the working directory), so the
 * start script and the server it spawns agree on every file.
 */
import path from 'node:path';

/** Where the embedded demo library is rendered when no library is configured. */
export const DEMO_LIBRARY_DIR = 'data/demo-library';

export interface Config {
  /** Library root; in demo mode, the directory the demo library is rendered into. */
  libraryRoot: string;
  /** True when STILLROOM_LIBRARY is unset and the embedded demo library is used. */
  demo: boolean;
  dbFile: string;
  cacheDir: string;
  exportRoot: string;
  host: string;
  port: number;
  /**
   * Host names (no port) the server answers to, lower case: localhost,
   * 127.0.0.1 and ::1, HOST when it names one address, and STILLROOM_ALLOWED_HOSTS.
   * Any other Host header is refused, so a DNS-rebinding page cannot reach the app.
   */
  allowedHosts: string[];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readString(env: Env, variable: string): string | undefined {
  const value = env[variable];
  if (value === undefined || value.trim() === '') return undefined;
  if (value.includes('\0')) throw new ConfigError(variable, 'must not contain NUL bytes');
  return value.trim();
}

function readPath(env: Env, variable: string, fallback: string, cwd: string): string {
  return path.resolve(cwd, readString(env, variable) ?? fallback);
}

function readPort(env: Env): number {
  const raw = readString(env, 'PORT');
  if (raw === undefined) return 3000;
  if (!/^[0-9]{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError('PORT', `must be an integer from 1 to 65535, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function readHost(env: Env): string {
  const host = readString(env, 'HOST') ?? '127.0.0.1';
  // A host name or an IPv4/IPv6 literal; anything with spaces, slashes or a scheme is a typo.
  if (!/^[A-Za-z0-9.:_\-[\]]+$/.test(host)) {
    throw new ConfigError('HOST', `must be a host name or IP address, got ${JSON.stringify(host)}`);
  }
  return host;
}

/** The names every loopback server answers to (IPv6 without brackets, as allowedHosts holds them). */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** A host name or address as the Host header carries it, compared without brackets, case or a final dot. */
export function normalizeHostName(name: string): string {
  return name.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function readAllowedHosts(env: Env, host: string): string[] {
  const names = new Set(LOOPBACK_NAMES);
  // A wildcard bind address is not a name anyone browses to; the user lists the machine's names instead.
  if (!['0.0.0.0', '::', '[::]'].includes(host)) names.add(normalizeHostName(host));
  for (const raw of (readString(env, 'STILLROOM_ALLOWED_HOSTS') ?? '').split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?)$/.test(name)) {
      throw new ConfigError('STILLROOM_ALLOWED_HOSTS', `must be a comma-separated list of host names or IP addresses without ports, got ${JSON.stringify(name)}`);
    }
    names.add(normalizeHostName(name));
  }
  return [...names];
}

/** The thumbnail cache alone, for code that needs no other setting (and must not fail on one). */
export function readCacheDir(env: Env = process.env, cwd: string = process.cwd()): string {
  return readPath(env, 'STILLROOM_CACHE', 'data/cache', cwd);
}

export function readConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const library = readString(env, 'STILLROOM_LIBRARY');
  const demo = library === undefined;
  const host = readHost(env);
  const libraryRoot = path.resolve(cwd, library ?? DEMO_LIBRARY_DIR);
  // The demo library named as a library (npm run export -- data/demo-library) is still the demo's database.
  const demoDatabase = libraryRoot === path.resolve(cwd, DEMO_LIBRARY_DIR);
  return {
    libraryRoot,
    demo,
    dbFile: readPath(env, 'STILLROOM_DB', demoDatabase ? 'data/demo.db' : 'data/stillroom.db', cwd),
    cacheDir: readCacheDir(env, cwd),
    exportRoot: readPath(env, 'STILLROOM_EXPORT_ROOT', 'exports', cwd),
    host,
    port: readPort(env),
    allowedHosts: readAllowedHosts(env, host),
  };
}

/** True for addresses only this machine can reach; anything else exposes the library to the network. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** For the command-line scripts: a LIBRARY argument and a --db flag take precedence over the environment. */
export function readCliConfig(library: string | undefined, db: string | undefined, env: Env = process.env): Config {
  return readConfig({ ...env, STILLROOM_LIBRARY: library ?? env.STILLROOM_LIBRARY, STILLROOM_DB: db ?? env.STILLROOM_DB });
}
