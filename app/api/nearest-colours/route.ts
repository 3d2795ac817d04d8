import { QueryError } from '@/lib/errors';
import { nearestColours } from '@/lib/query/nearest-colours';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/nearest-colours?<frames query>&_color=rrggbb[&n=5]  ->  { colours: [{ hex, distance, film, frame }] }
 * The mean colours nearest `_color` among the frames matching the query's
 * other filters, nearest first: what a colour search that finds nothing
 * offers instead.
 */
export const GET = withErrors((request: Request) => {
  const params = new URL(request.url).searchParams;
  const raw = params.get('n');
  const n = raw === null ? 5 : /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n)) throw new QueryError('n', `must be a whole number from 1 to 12, got ${JSON.stringify(raw)}`);
  return Response.json({ colours: nearestColours(serverContext().db, params, n) }, { headers: { 'Cache-Control': 'no-store' } });
});
