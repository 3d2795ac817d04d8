import { applyChange } from '@/lib/selections';
import { CHANGE_SELECTION } from '@/lib/selections/requests';
import { pathId, readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Include, exclude or clear listed frames or every frame matching a query: one undoable action. */
export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = pathId((await params).id);
  const change = await readJson(request, CHANGE_SELECTION);
  return Response.json(applyChange(serverContext().db, id, change), { headers: { 'Cache-Control': 'no-store' } });
});
