/**
 * `GET`/`HEAD /api/frames/<film>/<frame>/thumb?w=<px>`, answered by the
 * custom server itself (lib/server/http-server.ts) before Next.js sees the
 * request: thumbnails are the one route a grid asks for hundreds of times a
 * second, and Next's router and proxy alone cost more than serving one.
 *
 * It applies what proxy.ts applies to every other path (the Host allow-list
 * of lib/server/request-guard.ts), then the same validation as the other
 * frame routes (parseFrameRef, parseThumbWidth), the frame's row in the
 * database, and lib/thumbnails.ts for the file; recently served thumbnails
 * come from memory (./recent-thumbnails). Errors are the API's JSON errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { parseFrameRef } from '@/lib/library/files';
import { FRAMES_DIR, frameFileName } from '@/lib/library/layout';
import { frameExists } from '@/lib/query/frames';
import { parseThumbWidth, thumbnail, type Thumbnail } from '@/lib/thumbnails';
import type { ServerContext } from './process-context';
import { knownError } from './errors';
import { checkHost } from './request-guard';
import { RecentThumbnails } from './recent-thumbnails';

/** The path this handler owns; every other request goes to Next. Segments are still percent-encoded here. */
const THUMB_PATH = /^\/api\/frames\/([^/]*)\/([^/]*)\/thumb$/;

const IMMUTABLE = 'public, max-age=31536000, immutable';

type Handler = (request: IncomingMessage, response: ServerResponse) => boolean;

function sendJson(response: ServerResponse, status: number, body: { error: string; param?: string }, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extra,
  });
  response.end(text);
}

function sendThumbnail(request: IncomingMessage, response: ServerResponse, thumb: Thumbnail): void {
  if (thumb.placeholder) {
    // A placeholder stands in for an unreadable JPEG; it must not outlive the file being fixed.
    response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': thumb.body.length, 'Cache-Control': 'no-store' });
    response.end(thumb.body);
    return;
  }
  if (request.headers['if-none-match'] === thumb.etag) {
    response.writeHead(304, { ETag: thumb.etag, 'Cache-Control': IMMUTABLE });
    response.end();
    return;
  }
  response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': thumb.body.length, 'Cache-Control': IMMUTABLE, ETag: thumb.etag! });
  // Node sends no body for HEAD by itself, with the same headers.
  response.end(thumb.body);
}

/** A path segment as Next.js would hand it to a route: percent-decoded (a malformed escape stays as it is, and fails validation). */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * A handler for the custom server: answers the request and returns true
 * when it is a thumbnail request, else returns false without touching it.
 */
export function createThumbHandler(context: () => ServerContext, recent = new RecentThumbnails()): Handler {
  async function answer(request: IncomingMessage, response: ServerResponse, match: RegExpExecArray, query: string): Promise<void> {
    const { config, db } = context();
    const badHost = checkHost(request.headers.host, config.allowedHosts);
    if (badHost !== null) return sendJson(response, 403, { error: badHost });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendJson(response, 405, { error: `${request.method} is not allowed here: thumbnails are read with GET or HEAD` }, { Allow: 'GET, HEAD' });
    }
    const { film, frame } = parseFrameRef(decodeSegment(match[1]), decodeSegment(match[2]));
    const width = parseThumbWidth(new URLSearchParams(query).get('w'));
    if (!frameExists(db, film, frame)) return sendJson(response, 404, { error: `No frame ${frame} in film ${film}` });

    const key = `${film}/${frame}/${width}`;
    let thumb = recent.get(key);
    if (thumb === undefined) {
      const made = await thumbnail(config.libraryRoot, config.cacheDir, film, frame, width);
      if (made === null) return sendJson(response, 404, { error: `Frame ${frame} of film ${film} has no image` });
      recent.set(key, path.join(config.libraryRoot, FRAMES_DIR, film, frameFileName(film, frame)), made);
      thumb = made;
    }
    sendThumbnail(request, response, thumb);
  }

  return (request, response) => {
    const url = request.url ?? '';
    const queryAt = url.indexOf('?');
    const match = THUMB_PATH.exec(queryAt === -1 ? url : url.slice(0, queryAt));
    if (match === null) return false;
    answer(request, response, match, queryAt === -1 ? '' : url.slice(queryAt + 1)).catch((error: unknown) => {
      const known = knownError(error);
      if (known !== null) return sendJson(response, known.status, known.body);
      console.error(`[stillroom] ${request.method} ${url.slice(0, 200)} failed:`, error);
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, { error: 'Internal server error; the details are in the server log.' });
    });
    return true;
  };
}
