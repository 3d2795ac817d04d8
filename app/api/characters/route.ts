import { faceClusters, listCharacterNames } from '@/lib/characters/names';
import { listFilms } from '@/lib/query/frames';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/characters[?film=f]  ->  { names: [{ film, cluster, name, frames }], clusters: { film: [{ cluster, frames, name, sample }] } }
 * Every name given to a face cluster, and each film's clusters (largest first)
 * with their names: what the sidebar lists and the frame view names.
 */
export const GET = withErrors((request: Request) => {
  const film = new URL(request.url).searchParams.get('film') ?? undefined;
  const { db } = serverContext();
  const films = film === undefined ? listFilms(db).map((f) => f.film) : [film];
  return Response.json(
    { names: listCharacterNames(db, film), clusters: Object.fromEntries(films.map((f) => [f, faceClusters(db, f)])) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
