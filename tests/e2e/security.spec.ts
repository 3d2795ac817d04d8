/**
 * The request guard (proxy.ts, lib/server/request-guard.ts) and the file
 * routes against the production server, with raw HTTP requests whose
 * headers are exactly what a rebinding page, another site or a crafted URL
 * would send: Node's http module, since fetch and browsers fix Host and
 * Origin themselves. SECURITY.md names these tests.
 */
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { E2E_PORT } from './e2e-env';

const SERVER = `127.0.0.1:${E2E_PORT}`;
const ORIGIN = `http://${SERVER}`;
const FRAME = '/api/frames/the_hustle_2019/1';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** One request with exactly these headers (Host included: setHost is off). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: E2E_PORT, method, path, headers: { Host: SERVER, ...headers }, setHost: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('latin1') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** What no answer may hold: paths of this machine and stack frames. */
function expectNoMachineDetails(answer: Answer, what: string): void {
  expect(answer.status, `${what}: never a 500`).toBeLessThan(500);
  expect(answer.body, what).not.toContain('/work/');
  expect(answer.body, what).not.toContain('/tmp/');
  expect(answer.body, what).not.toContain(process.cwd());
  expect(answer.body, what).not.toMatch(/\n\s+at /);
}

async function selectionNames(): Promise<string[]> {
  const answer = await raw('GET', '/api/selections', {});
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as Array<{ name: string }>).map((s) => s.name);
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

test('a Host that is not this machine is refused on pages, the API and images', async () => {
  const hosts = ['evil.com', `localhost.evil.com:${E2E_PORT}`, `127.0.0.1.nip.io:${E2E_PORT}`, `:${E2E_PORT}`, `127.0.0.2:${E2E_PORT}`, `[::2]:${E2E_PORT}`, 'a b'];
  for (const host of hosts) {
    for (const path of ['/', '/api/films', `${FRAME}/thumb?w=160`, `${FRAME}/image`, '/api/selections']) {
      const answer = await raw('GET', path, { Host: host });
      expect([400, 403], `GET ${path} with Host ${JSON.stringify(host)}`).toContain(answer.status);
      expectNoMachineDetails(answer, `GET ${path} with Host ${JSON.stringify(host)}`);
    }
  }
  // No Host at all: Node's parser answers 400 itself.
  const none = await raw('GET', '/api/films', { Host: '' });
  expect([400, 403]).toContain(none.status);
});

test('the loopback names are served, in any case, with or without a port', async () => {
  for (const host of [SERVER, `localhost:${E2E_PORT}`, `LOCALHOST:${E2E_PORT}`, `[::1]:${E2E_PORT}`, 'localhost']) {
    const answer = await raw('GET', '/api/films', { Host: host });
    expect(answer.status, `Host ${host}`).toBe(200);
  }
});

test('a cross-site POST to /api/selections is refused and creates nothing; same-origin works', async () => {
  const name = `e2e security ${Date.now()}`;
  const body = JSON.stringify({ name });
  const refused: Array<Record<string, string>> = [
    { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.com' },
    { 'Sec-Fetch-Site': 'same-site', Origin: `http://localhost:${E2E_PORT + 1}` },
    { Origin: 'https://evil.com' },
    { Origin: `https://${SERVER}` },
    { Origin: `http://127.0.0.1:${E2E_PORT + 1}` },
    { Origin: 'null' },
    { Origin: '%%%' },
    { 'Sec-Fetch-Site': 'nonsense' },
    {},
  ];
  for (const headers of refused) {
    const answer = await raw('POST', '/api/selections', { ...JSON_HEADERS, ...headers }, body);
    expect(answer.status, JSON.stringify(headers)).toBe(403);
    expect(answer.type).toContain('application/json');
    expect(JSON.parse(answer.body)).toHaveProperty('error');
    expectNoMachineDetails(answer, JSON.stringify(headers));
  }
  expect(await selectionNames()).not.toContain(name);

  const created = await raw('POST', '/api/selections', { ...JSON_HEADERS, 'Sec-Fetch-Site': 'same-origin', Origin: ORIGIN }, body);
  expect(created.status).toBe(201);
  const { id } = JSON.parse(created.body) as { id: number };
  expect(await selectionNames()).toContain(name);

  // DELETE, PATCH and undo go through the same check.
  expect((await raw('PATCH', `/api/selections/${id}`, { ...JSON_HEADERS, 'Sec-Fetch-Site': 'cross-site' }, '{"name":"x"}')).status).toBe(403);
  expect((await raw('POST', `/api/selections/${id}/undo`, { ...JSON_HEADERS, Origin: 'https://evil.com' }, '{}')).status).toBe(403);
  expect((await raw('DELETE', `/api/selections/${id}`, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  expect(await selectionNames()).toContain(name);
  expect((await raw('DELETE', `/api/selections/${id}`, { Origin: ORIGIN })).status).toBe(204);
  expect(await selectionNames()).not.toContain(name);
});

test('a body that is not application/json is refused with 415, before any route reads it', async () => {
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const answer = await raw('POST', '/api/selections', { 'Sec-Fetch-Site': 'same-origin', 'Content-Type': type }, '{"name":"plain"}');
    expect(answer.status, type).toBe(415);
    expectNoMachineDetails(answer, type);
  }
  expect(await selectionNames()).not.toContain('plain');
});

test('traversal and malformed names on the image and thumbnail routes are 400 or 404, never a file', async () => {
  const films = ['..', '..%2f..%2fetc', '%2e%2e%2f%2e%2e%2fetc', '%2e%2e', 'the_hustle_2019%00', '%2fetc%2fpasswd', 'the_hustle_2019%2f..%2f..', 'The_Hustle_2019', 'no_such_film', 'the_hustle_2019_2'];
  const frames = ['1', '..', '%2e%2e%2fpasswd', '1%00', '01', '-1', '1e3', '99999999999', '999999'];
  for (const film of films) {
    for (const frame of frames) {
      for (const suffix of ['/image', '/thumb?w=160', '']) {
        const path = `/api/frames/${film}/${frame}${suffix}`;
        const answer = await raw('GET', path, {});
        // A literal `..` segment is resolved before routing (to a page, say); everything else reaches the frame routes.
        if (!path.split(/[/?]/).includes('..')) expect([400, 404], path).toContain(answer.status);
        expect(answer.type, path).not.toContain('image/');
        expectNoMachineDetails(answer, path);
      }
    }
  }
  // Not a frame route at all once normalized: whatever answers, it is no file of the machine.
  for (const path of ['/api/frames/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/_next/static/..%2f..%2f..%2fpackage.json', '/api/frames/the_hustle_2019/1/image/..%2f..%2f..%2f..%2fpackage.json']) {
    const answer = await raw('GET', path, {});
    expect(answer.body, path).not.toContain('"dependencies"');
    expect(answer.body, path).not.toContain('root:x:0:0');
    expectNoMachineDetails(answer, path);
  }
});

test('malformed headers and bodies are answered, never with a 500 or machine details', async () => {
  const cases: Array<[string, string, Record<string, string>, string | undefined]> = [
    ['POST', '/api/selections', { ...JSON_HEADERS, Origin: ORIGIN }, '{"name": '],
    ['POST', '/api/selections', { ...JSON_HEADERS, Origin: ORIGIN }, '[1,2,3]'],
    ['POST', '/api/selections', { ...JSON_HEADERS, Origin: ORIGIN }, '{"name": {"$gt": ""}}'],
    ['POST', '/api/exports', { ...JSON_HEADERS, Origin: ORIGIN }, '{"layout":"flat","target":"folder","name":"../../escape"}'],
    ['POST', '/api/exports', { ...JSON_HEADERS, Origin: ORIGIN }, '{"layout":"flat","target":"folder","name":"/srv/escape"}'],
    ['POST', '/api/exports', { ...JSON_HEADERS, Origin: ORIGIN }, '{"layout":"flat","target":"folder","name":"a\\u0000b"}'],
    ['PATCH', '/api/selections/abc', { ...JSON_HEADERS, Origin: ORIGIN }, '{"name":"x"}'],
    ['POST', '/api/selections/1/changes', { ...JSON_HEADERS, Origin: ORIGIN, 'Sec-Fetch-Site': '' }, '{}'],
    ['GET', '/api/frames?faces_found__gt=%ff%fe', {}, undefined],
    ['GET', `${FRAME}/thumb?w=%00`, {}, undefined],
    ['GET', '/api/exports/..%2f..%2fetc', {}, undefined],
  ];
  for (const [method, path, headers, body] of cases) {
    const answer = await raw(method, path, headers, body);
    expect(answer.status, `${method} ${path} ${body ?? ''}`).toBeGreaterThanOrEqual(400);
    expectNoMachineDetails(answer, `${method} ${path} ${body ?? ''}`);
  }
});
