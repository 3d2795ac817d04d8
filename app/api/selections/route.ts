import { createSelection, listSelections } from '@/lib/selections';
import { CREATE_SELECTION } from '@/lib/selections/requests';
import { readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const NO_STORE = { headers: { 'Cache-Control': 'no-store' } };

export const GET = withErrors(() => Response.json(listSelections(serverContext().db), NO_STORE));

export const POST = withErrors(async (request: Request) => {
  const body = await readJson(request, CREATE_SELECTION);
  return Response.json(createSelection(serverContext().db, body), { status: 201, ...NO_STORE });
});
