import { redo } from '@/lib/selections';
import { NO_FIELDS } from '@/lib/selections/requests';
import { pathId, readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** 409 when there is nothing to redo. */
export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = pathId((await params).id);
  await readJson(request, NO_FIELDS);
  return Response.json(redo(serverContext().db, id), { headers: { 'Cache-Control': 'no-store' } });
});
