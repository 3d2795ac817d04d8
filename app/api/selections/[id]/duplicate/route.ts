import { duplicateSelection } from '@/lib/selections';
import { DUPLICATE_SELECTION } from '@/lib/selections/requests';
import { pathId, readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = pathId((await params).id);
  const body = await readJson(request, DUPLICATE_SELECTION);
  return Response.json(duplicateSelection(serverContext().db, id, body.name), { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
