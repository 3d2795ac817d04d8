import { readPalettes } from '@/lib/palette/store';
import { listedKey, parseFrameList } from '@/lib/server/frame-list';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/palettes?frames=film:frame,...  ->  { palettes: { "film:frame": [{ hex, share, l, a, b }] | null } }
 * The palettes of the frames on screen, for the tiles' colour strips and the
 * frame view; null for a frame not analysed yet.
 */
export const GET = withErrors((request: Request) => {
  const frames = parseFrameList(new URL(request.url).searchParams);
  const palette = readPalettes(serverContext().db, frames);
  const palettes = Object.fromEntries(frames.map((f) => [listedKey(f), palette(f.film, f.frame)]));
  return Response.json({ palettes }, { headers: { 'Cache-Control': 'no-store' } });
});
