import { QueryError } from '@/lib/errors';
import { matchingLines, parseSearch } from '@/lib/query/search-filter';
import { listedKey, parseFrameList } from '@/lib/server/frame-list';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/dialogue?frames=film:frame,...&_search=text[&_searchmode=raw]
 *   ->  { lines: { "film:frame": [{ srt_index, text }] } }
 * The subtitle lines matching the dialogue search that are on screen at each
 * listed frame: the tiles' tooltips and the frame view's highlight.
 */
export const GET = withErrors((request: Request) => {
  const params = new URL(request.url).searchParams;
  const search = parseSearch(params);
  if (!search) throw new QueryError('_search', 'is required: the dialogue search whose lines to show');
  const frames = parseFrameList(params);
  const lines = matchingLines(serverContext().db, search, frames);
  return Response.json(
    { lines: Object.fromEntries(frames.map((f) => [listedKey(f), lines(f.film, f.frame)])) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
