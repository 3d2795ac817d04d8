import { parseFrameRef } from '@/lib/library/files';
import { frameExists } from '@/lib/query/frames';
import { jsonError, serverContext, withErrors } from '@/lib/server/context';
import { parseThumbWidth, thumbnail } from '@/lib/thumbnails';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** `?w=` one of THUMB_WIDTHS: the frame resized, from the disk cache after the first request. */
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ film: string; frame: string }> }) => {
  const raw = await params;
  const { film, frame } = parseFrameRef(raw.film, raw.frame);
  const width = parseThumbWidth(new URL(request.url).searchParams.get('w'));
  const { config, db } = serverContext();
  if (!frameExists(db, film, frame)) return jsonError(404, `No frame ${frame} in film ${film}`);
  const thumb = await thumbnail(config.libraryRoot, config.cacheDir, film, frame, width);
  if (thumb === null) return jsonError(404, `Frame ${frame} of film ${film} has no image`);
  return new Response(new Uint8Array(thumb.body), {
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(thumb.body.length),
      // A placeholder stands in for an unreadable JPEG; it must not outlive the file being fixed.
      'Cache-Control': thumb.placeholder ? 'no-store' : 'public, max-age=31536000, immutable',
    },
  });
});
