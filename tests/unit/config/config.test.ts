import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, readCacheDir, readCliConfig, readConfig } from '@/lib/config';

const CWD = '/srv/stillroom';

function configError(env: Record<string, string>): ConfigError {
  try {
    readConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
}

describe('readConfig', () => {
  it('without a library is demo mode with demo defaults, paths absolute', () => {
    expect(readConfig({}, CWD)).toEqual({
      libraryRoot: path.join(CWD, 'data/demo-library'),
      demo: true,
      dbFile: path.join(CWD, 'data/demo.db'),
      cacheDir: path.join(CWD, 'data/cache'),
      exportRoot: path.join(CWD, 'exports'),
      host: '127.0.0.1',
      port: 3000,
      allowedHosts: ['localhost', '127.0.0.1', '::1'],
    });
  });

  it('with a library uses it and the library database', () => {
    const config = readConfig({ STILLROOM_LIBRARY: 'films', STILLROOM_CACHE: '/tmp/c', PORT: '8080', HOST: '::1' }, CWD);
    expect(config).toMatchObject({
      libraryRoot: path.join(CWD, 'films'),
      demo: false,
      dbFile: path.join(CWD, 'data/stillroom.db'),
      cacheDir: '/tmp/c',
      host: '::1',
      port: 8080,
    });
  });

  it('treats empty variables as unset', () => {
    expect(readConfig({ STILLROOM_LIBRARY: '', STILLROOM_DB: ' ', PORT: '' }, CWD)).toMatchObject({ demo: true, port: 3000 });
  });

  it('honours STILLROOM_DB and STILLROOM_EXPORT_ROOT', () => {
    expect(readConfig({ STILLROOM_DB: 'x/y.db', STILLROOM_EXPORT_ROOT: '/e' }, CWD)).toMatchObject({
      dbFile: path.join(CWD, 'x/y.db'),
      exportRoot: '/e',
    });
  });

  it.each(['0', '65536', '80.5', '-1', 'http', '3000x', '１２３'])('rejects PORT=%j naming PORT', (port) => {
    const error = configError({ PORT: port });
    expect(error.variable).toBe('PORT');
    expect(error.message).toContain('1 to 65535');
  });

  it.each(['http://localhost', 'local host', 'a/b'])('rejects HOST=%j', (host) => {
    expect(configError({ HOST: host }).variable).toBe('HOST');
  });

  it('rejects a NUL byte in a path', () => {
    expect(configError({ STILLROOM_LIBRARY: 'lib\0x' }).variable).toBe('STILLROOM_LIBRARY');
  });
});

describe('readCacheDir', () => {
  it('is the cache readConfig gives, without failing on other settings', () => {
    expect(readCacheDir({ STILLROOM_CACHE: 'c/thumbs' }, CWD)).toBe(readConfig({ STILLROOM_CACHE: 'c/thumbs' }, CWD).cacheDir);
    expect(readCacheDir({}, CWD)).toBe(path.join(CWD, 'data/cache'));
    expect(readCacheDir({ HOST: 'local host', PORT: 'x', STILLROOM_CACHE: '/c' }, CWD)).toBe('/c');
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com', '128.0.0.1'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('readCliConfig', () => {
  it('lets the LIBRARY argument and --db flag override the environment, and falls back to it', () => {
    const env = { STILLROOM_LIBRARY: '/env/lib', STILLROOM_DB: '/env/db.sqlite' };
    expect(readCliConfig('/arg/lib', '/arg/db.sqlite', env)).toMatchObject({ libraryRoot: '/arg/lib', dbFile: '/arg/db.sqlite', demo: false });
    expect(readCliConfig(undefined, undefined, env)).toMatchObject({ libraryRoot: '/env/lib', dbFile: '/env/db.sqlite' });
    expect(readCliConfig(undefined, undefined, {}).demo).toBe(true);
  });

  it("finds the demo's database when no library is configured, or when the demo library is named as the library", () => {
    expect(readCliConfig(undefined, undefined, {}).dbFile).toBe(path.resolve('data/demo.db'));
    expect(readCliConfig('data/demo-library', undefined, {}).dbFile).toBe(path.resolve('data/demo.db'));
    expect(readCliConfig('./data/demo-library/', undefined, {}).dbFile).toBe(path.resolve('data/demo.db'));
    expect(readCliConfig('/my/films', undefined, {}).dbFile).toBe(path.resolve('data/stillroom.db'));
  });
});
