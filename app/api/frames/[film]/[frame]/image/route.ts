import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { frameImagePath, parseFrameRef } from '@/lib/library/files';
import { frameExists } from '@/lib/query/frames';
import { jsonError, serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The frame's original JPEG, streamed from the library. */
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ film: string; frame: string }> }) => {
  const raw = await params;
  const { film, frame } = parseFrameRef(raw.film, raw.frame);
  const { config, db } = serverContext();
  if (!frameExists(db, film, frame)) return jsonError(404, `No frame ${frame} in film ${film}`);
  const file = await frameImagePath(config.libraryRoot, film, frame);
  if (file === null) return jsonError(404, `Frame ${frame} of film ${film} has no image`);

  const info = await stat(file);
  // Re-extracted frames change size or mtime, and so the ETag: revalidation is cheap and never stale.
  const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
  const headers = {
    'Content-Type': 'image/jpeg',
    'Cache-Control': 'public, max-age=3600, must-revalidate',
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...headers, 'Content-Length': String(info.size) } });
});
