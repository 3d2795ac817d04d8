import { describe, expect, it } from 'vitest';
import { readConfig } from '@/lib/config';
import { checkCrossSite, checkHost, type CrossSiteInput } from '@/lib/server/request-guard';

const DEFAULT_ALLOWED = readConfig({}).allowedHosts;

describe('checkHost (DNS rebinding)', () => {
  it.each([
    'localhost',
    'localhost:3000',
    '127.0.0.1',
    '127.0.0.1:3000',
    '[::1]',
    '[::1]:3000',
    'LOCALHOST:3000',
    'LocalHost',
    'localhost.:3000',
    '[::1]:65535',
  ])('accepts %j', (host) => {
    expect(checkHost(host, DEFAULT_ALLOWED)).toBeNull();
  });

  it.each([
    [null, 'no Host header'],
    ['', 'no Host header'],
    ['   ', 'no Host header'],
    [':3000', 'empty host name'],
    ['[]:3000', 'empty host name'],
    ['.', 'empty host name'],
    ['localhost.evil.com', 'not a name this server answers to'],
    ['localhost.evil.com:3000', 'not a name this server answers to'],
    ['127.0.0.1.nip.io:3000', 'not a name this server answers to'],
    ['evil.com', 'not a name this server answers to'],
    ['127.0.0.2:3000', 'not a name this server answers to'],
    ['0.0.0.0:3000', 'not a name this server answers to'],
    ['[::2]:3000', 'not a name this server answers to'],
    ['[::ffff:127.0.0.1]:3000', 'not a name this server answers to'],
    ['localhost:0', 'port outside'],
    ['localhost:65536', 'port outside'],
    ['localhost:', 'not a host name with an optional port'],
    ['localhost:abc', 'not a host name with an optional port'],
    ['::1', 'not a host name with an optional port'],
    ['::1:3000', 'not a host name with an optional port'],
    ['[::1', 'not a host name with an optional port'],
    ['local host', 'not a host name with an optional port'],
    ['user@localhost', 'not a host name with an optional port'],
    ['localhost/evil', 'not a host name with an optional port'],
    ['localhost\0', 'not a host name with an optional port'],
    ['localhost:3000:3000', 'not a host name with an optional port'],
  ])('refuses %j: %s', (host, reason) => {
    expect(checkHost(host, DEFAULT_ALLOWED)).toContain(reason);
  });

  it('accepts the names configured in STILLROOM_ALLOWED_HOSTS and HOST, normalized', () => {
    const allowed = readConfig({ HOST: '192.168.1.5', STILLROOM_ALLOWED_HOSTS: 'Stillroom.Lan., [fd00::1]' }).allowedHosts;
    expect(allowed).toEqual(['localhost', '127.0.0.1', '::1', '192.168.1.5', 'stillroom.lan', 'fd00::1']);
    for (const host of ['192.168.1.5:3000', 'stillroom.lan:3000', 'STILLROOM.LAN', '[fd00::1]:3000', 'localhost:3000']) {
      expect(checkHost(host, allowed)).toBeNull();
    }
    expect(checkHost('stillroom.lan.evil.com', allowed)).not.toBeNull();
  });

  it('does not allow a wildcard bind address as a name', () => {
    expect(readConfig({ HOST: '0.0.0.0' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '::1']);
  });

  it('caps the quoted header in the reason', () => {
    const reason = checkHost(`${'a'.repeat(5000)}.evil.com`, DEFAULT_ALLOWED);
    expect(reason).not.toBeNull();
    expect((reason as string).length).toBeLessThan(300);
  });
});

const SERVER = '127.0.0.1:3000';

function input(overrides: Partial<CrossSiteInput>): CrossSiteInput {
  return { method: 'POST', secFetchSite: null, origin: null, host: SERVER, contentType: 'application/json', hasBody: true, ...overrides };
}

describe('checkCrossSite (CSRF)', () => {
  const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'PROPFIND'];

  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('lets %s through whatever the headers say', (method) => {
    expect(checkCrossSite(input({ method, secFetchSite: 'cross-site', origin: 'https://evil.com', contentType: 'text/plain' }))).toBeNull();
  });

  describe.each(STATE_CHANGING)('%s', (method) => {
    it.each([
      // [Sec-Fetch-Site, Origin, Host, expected status or null]
      ['same-origin', null, SERVER, null],
      ['same-origin', 'http://127.0.0.1:3000', SERVER, null],
      ['none', null, SERVER, null],
      ['Same-Origin', null, SERVER, null],
      ['cross-site', null, SERVER, 403],
      ['cross-site', 'http://127.0.0.1:3000', SERVER, 403],
      ['same-site', 'http://localhost:3001', SERVER, 403],
      ['', null, SERVER, 403],
      ['bogus', 'http://127.0.0.1:3000', SERVER, 403],
      [null, 'http://127.0.0.1:3000', SERVER, null],
      [null, 'HTTP://127.0.0.1:3000', SERVER, null],
      [null, 'http://localhost:3000', 'localhost:3000', null],
      [null, 'http://localhost.:3000', 'LOCALHOST:3000', null],
      [null, 'http://[::1]:3000', '[::1]:3000', null],
      [null, 'http://localhost', 'localhost', null],
      [null, null, SERVER, 403],
      [null, 'null', SERVER, 403],
      [null, '', SERVER, 403],
      [null, 'not a url', SERVER, 403],
      [null, 'https://127.0.0.1:3000', SERVER, 403],
      [null, 'http://127.0.0.1:3001', SERVER, 403],
      [null, 'http://127.0.0.1', SERVER, 403],
      [null, 'http://localhost:3000', SERVER, 403],
      [null, 'http://127.0.0.1:3000.evil.com', SERVER, 403],
      [null, 'http://evil.com', SERVER, 403],
      [null, 'http://127.0.0.1:3000/path', SERVER, 403],
      [null, 'http://user@127.0.0.1:3000', SERVER, 403],
      [null, 'file://', SERVER, 403],
      [null, 'http://127.0.0.1:3000', null, 403],
      [null, 'http://127.0.0.1:3000', ':3000', 403],
    ])('Sec-Fetch-Site %j, Origin %j, Host %j -> %s', (secFetchSite, origin, host, expected) => {
      const result = checkCrossSite(input({ method, secFetchSite, origin, host }));
      if (expected === null) expect(result).toBeNull();
      else expect(result).toMatchObject({ status: expected, reason: expect.any(String) });
    });
  });

  it.each([
    ['application/json', true, null],
    ['application/json; charset=utf-8', true, null],
    ['Application/JSON;charset=UTF-8', true, null],
    ['application/json ; charset=utf-8', true, null],
    ['text/plain', true, 415],
    ['text/plain;charset=UTF-8', true, 415],
    ['application/x-www-form-urlencoded', true, 415],
    ['multipart/form-data; boundary=x', true, 415],
    ['application/jsonp', true, 415],
    ['application/json-patch+json', true, 415],
    ['', true, 415],
    [null, true, 415],
    [null, false, 415],
  ])('POST with Content-Type %j (body %s) -> %s', (contentType, hasBody, expected) => {
    const result = checkCrossSite(input({ secFetchSite: 'same-origin', contentType, hasBody }));
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject({ status: expected });
  });

  it('needs no Content-Type on a DELETE without a body, but JSON on one with a body', () => {
    expect(checkCrossSite(input({ method: 'DELETE', secFetchSite: 'same-origin', contentType: null, hasBody: false }))).toBeNull();
    expect(checkCrossSite(input({ method: 'DELETE', secFetchSite: 'same-origin', contentType: 'text/plain', hasBody: true }))).toMatchObject({ status: 415 });
  });

  it('refuses a cross-site request with 403 before looking at its Content-Type', () => {
    expect(checkCrossSite(input({ secFetchSite: 'cross-site', contentType: 'text/plain' }))).toMatchObject({ status: 403 });
  });

  it('quotes at most 100 characters of a header', () => {
    const result = checkCrossSite(input({ origin: `http://${'x'.repeat(10_000)}.com` }));
    expect(result?.reason.length).toBeLessThan(300);
  });
});
