import { z } from 'zod';
import { previewExport } from '@/lib/export/preview';
import { readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The plan of an export (counts per split and class, groups, drops, leakage) without writing anything. */
export const POST = withErrors(async (request: Request) => {
  const body = await readJson(request, z.unknown());
  const { db } = serverContext();
  return Response.json(previewExport(db, body), { headers: { 'Cache-Control': 'no-store' } });
});
