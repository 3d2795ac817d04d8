import { faceLikeClause } from '@/lib/query/face-filter';
import { paletteClause } from '@/lib/query/palette-filter';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/search-stats?<frames query>  ->  { palette: { frames, scanned, elapsedMs } | null, face: { faces, frames, scanned, elapsedMs } | null }
 * What the palette and face searches of a query found and how long their
 * scans took, for the sidebar to show; null for a search the query does not
 * hold. Other filters are not applied: these are the searches' own numbers.
 */
export const GET = withErrors((request: Request) => {
  const params = new URL(request.url).searchParams;
  const { db } = serverContext();
  return Response.json(
    { palette: paletteClause(db, params)?.search ?? null, face: faceLikeClause(db, params)?.search ?? null },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
