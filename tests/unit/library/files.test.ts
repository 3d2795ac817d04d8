import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { frameImagePath, parseFilm, parseFrame, parseFrameRef } from '@/lib/library/files';
import { QueryError } from '@/lib/errors';

let base: string;
let root: string;

function writeFrame(libraryRoot: string, film: string, frame: number, body = 'jpeg'): string {
  const dir = path.join(libraryRoot, 'frame_per_second', film);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${film}_frame_${frame}.jpg`);
  writeFileSync(file, body);
  return file;
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'stillroom-files-')));
  root = path.join(base, 'lib');
  writeFrame(root, 'the_hustle_2019', 12);
  // A sibling whose name starts with the root's: /…/lib2 must not pass for /…/lib.
  writeFrame(path.join(base, 'lib2'), 'the_hustle_2019', 13, 'sibling');
  writeFileSync(path.join(base, 'secret.jpg'), 'secret');
  // Symlinks that point outside the library, by file and by folder.
  symlinkSync(path.join(base, 'secret.jpg'), path.join(root, 'frame_per_second', 'the_hustle_2019', 'the_hustle_2019_frame_99.jpg'));
  writeFrame(path.join(base, 'lib2'), 'escape_2020', 1);
  symlinkSync(path.join(base, 'lib2', 'frame_per_second', 'escape_2020'), path.join(root, 'frame_per_second', 'escape_2020'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('parseFilm', () => {
  it.each(['the_hustle_2019', 'before_sunset_2004', 'a', 'x'.repeat(200)])('accepts %s', (film) => {
    expect(parseFilm(film)).toBe(film);
  });

  it.each([
    ['parent directory', '../etc'],
    ['encoded traversal, decoded', decodeURIComponent('%2e%2e%2f%2e%2e%2fetc')],
    ['absolute path', '/etc/passwd'],
    ['NUL byte', 'the_hustle_2019\0'],
    ['dot', '.'],
    ['slash inside', 'the_hustle_2019/x'],
    ['backslash', '..\\..\\windows'],
    ['upper case', 'The_Hustle_2019'],
    ['space', 'the hustle'],
    ['empty', ''],
    ['leading underscore', '_hidden'],
    ['too long', 'x'.repeat(201)],
    ['trailing newline', 'the_hustle_2019\n'],
  ])('rejects %s', (_what, film) => {
    expect(parseFilm(film)).toBeNull();
  });
});

describe('parseFrame', () => {
  it.each([
    ['1', 1],
    ['12', 12],
    ['9999999999', 9999999999],
  ])('accepts %s', (raw, frame) => {
    expect(parseFrame(raw)).toBe(frame);
  });

  it.each(['0', '012', '-1', '+1', '1.0', '1e3', ' 1', '1 ', '0x10', '', '12345678901', '1\0', '..', 'NaN'])(
    'rejects %j',
    (raw) => {
      expect(parseFrame(raw)).toBeNull();
    },
  );
});

describe('frameImagePath', () => {
  it('resolves an existing frame to its real path under the root', async () => {
    const file = await frameImagePath(root, 'the_hustle_2019', 12);
    expect(file).toBe(path.join(root, 'frame_per_second', 'the_hustle_2019', 'the_hustle_2019_frame_12.jpg'));
  });

  it('works when the root itself is reached through a symlink', async () => {
    const link = path.join(base, 'root-link');
    symlinkSync(root, link);
    expect(await frameImagePath(link, 'the_hustle_2019', 12)).toBe(
      path.join(root, 'frame_per_second', 'the_hustle_2019', 'the_hustle_2019_frame_12.jpg'),
    );
  });

  it('returns null for a missing frame, film or root', async () => {
    expect(await frameImagePath(root, 'the_hustle_2019', 13)).toBeNull();
    expect(await frameImagePath(root, 'no_such_film', 1)).toBeNull();
    expect(await frameImagePath(path.join(base, 'missing'), 'the_hustle_2019', 12)).toBeNull();
  });

  it('refuses a symlinked JPEG that points outside the library', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await frameImagePath(root, 'the_hustle_2019', 99)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('the_hustle_2019 frame 99');
    warn.mockRestore();
  });

  it('refuses a symlinked film folder in a sibling whose name extends the root (lib2 vs lib)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await frameImagePath(root, 'escape_2020', 1)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    // The same file is fine when lib2 is the library.
    expect(await frameImagePath(path.join(base, 'lib2'), 'escape_2020', 1)).not.toBeNull();
  });

  it.each([
    ['../', '../the_hustle_2019'],
    ['%2e%2e%2f after decoding', decodeURIComponent('%2e%2e%2fthe_hustle_2019')],
    ['an absolute path', '/etc/passwd'],
    ['a NUL byte', 'the_hustle_2019\0'],
  ])('throws on a film name with %s', async (_what, film) => {
    await expect(frameImagePath(root, film, 12)).rejects.toThrow(/Invalid film name/);
  });

  it.each([0, -1, 1.5, Number.NaN, 1e11])('throws on frame %s', async (frame) => {
    await expect(frameImagePath(root, 'the_hustle_2019', frame)).rejects.toThrow(/Invalid frame number/);
  });
});

describe('parseFrameRef', () => {
  it('parses a valid film and frame', () => {
    expect(parseFrameRef('before_sunset_2004', '42')).toEqual({ film: 'before_sunset_2004', frame: 42 });
  });

  it.each([
    ['../etc', '1', 'film'],
    ['before_sunset_2004', '01', 'frame'],
    ['before_sunset_2004', '../1', 'frame'],
  ])('rejects %j / %j naming %s', (film, frame, param) => {
    expect(() => parseFrameRef(film, frame)).toThrow(QueryError);
    try {
      parseFrameRef(film, frame);
    } catch (error) {
      expect((error as QueryError).param).toBe(param);
    }
  });
});
