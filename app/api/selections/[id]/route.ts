import { deleteSelection, getSelection, renameSelection, setSelectionQuery } from '@/lib/selections';
import { UPDATE_SELECTION } from '@/lib/selections/requests';
import { pathId, readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };
const NO_STORE = { headers: { 'Cache-Control': 'no-store' } };

export const GET = withErrors(async (_request: Request, { params }: Params) => {
  const id = pathId((await params).id);
  return Response.json(getSelection(serverContext().db, id), NO_STORE);
});

/** Rename (not undoable) and/or change the query (an undoable curation action). */
export const PATCH = withErrors(async (request: Request, { params }: Params) => {
  const id = pathId((await params).id);
  const body = await readJson(request, UPDATE_SELECTION);
  const { db } = serverContext();
  if (body.name !== undefined) renameSelection(db, id, body.name);
  if (body.query !== undefined) setSelectionQuery(db, id, body.query);
  return Response.json(getSelection(db, id), NO_STORE);
});

export const DELETE = withErrors(async (_request: Request, { params }: Params) => {
  const id = pathId((await params).id);
  deleteSelection(serverContext().db, id);
  return new Response(null, { status: 204 });
});
