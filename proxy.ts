/**
 * Runs before every request (Next.js 16's proxy, on the Node runtime): the
 * Host allow-list on everything, pages and images included, and the
 * cross-site check on the API's state-changing requests. The checks
 * themselves are in lib/server/request-guard.ts; SECURITY.md lists what they
 * promise and the tests that hold them to it.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { readConfig } from '@/lib/config';
import { checkCrossSite, checkHost } from '@/lib/server/request-guard';

let allowedHosts: string[] | undefined;

function refuse(status: number, reason: string): NextResponse {
  return NextResponse.json({ error: reason }, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function proxy(request: NextRequest): NextResponse {
  allowedHosts ??= readConfig().allowedHosts;
  const { headers } = request;
  const host = headers.get('host');
  const badHost = checkHost(host, allowedHosts);
  if (badHost !== null) return refuse(403, badHost);

  if (request.nextUrl.pathname.startsWith('/api/')) {
    const length = headers.get('content-length');
    const refused = checkCrossSite({
      method: request.method,
      secFetchSite: headers.get('sec-fetch-site'),
      origin: headers.get('origin'),
      host,
      contentType: headers.get('content-type'),
      hasBody: (length !== null && length.trim() !== '0') || headers.has('transfer-encoding'),
    });
    if (refused !== null) return refuse(refused.status, refused.reason);
  }
  return NextResponse.next();
}

export const config = {
  // Every path: a rebound DNS name must not even load the page's scripts.
  matcher: ['/:path*'],
};
