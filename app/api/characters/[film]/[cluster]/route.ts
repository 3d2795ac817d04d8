import { z } from 'zod';
import { deleteCharacterName, setCharacterName } from '@/lib/characters/names';
import { NotFoundError, QueryError } from '@/lib/errors';
import { readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ film: string; cluster: string }> };

/** The name is trimmed and checked by setCharacterName (1-100 characters); this only bounds the body. */
const NAME_BODY = z.strictObject({ name: z.string().max(1000) });

async function clusterRef(params: Params['params']): Promise<{ film: string; cluster: number }> {
  const raw = await params;
  if (!/^(0|[1-9]\d{0,8})$/.test(raw.cluster)) throw new QueryError('cluster', `must be a face cluster number (a whole number from 0), got ${JSON.stringify(raw.cluster)}`);
  return { film: raw.film, cluster: Number(raw.cluster) };
}

/** PUT /api/characters/<film>/<cluster> {"name": "Irving"}: names (or renames) a film's face cluster. */
export const PUT = withErrors(async (request: Request, { params }: Params) => {
  const { film, cluster } = await clusterRef(params);
  const body = await readJson(request, NAME_BODY);
  return Response.json(setCharacterName(serverContext().db, film, cluster, body.name), { headers: { 'Cache-Control': 'no-store' } });
});

/** DELETE /api/characters/<film>/<cluster>: forgets the cluster's name. */
export const DELETE = withErrors(async (_request: Request, { params }: Params) => {
  const { film, cluster } = await clusterRef(params);
  if (!deleteCharacterName(serverContext().db, film, cluster)) throw new NotFoundError(`cluster ${cluster} of ${film} has no name`);
  return new Response(null, { status: 204 });
});
