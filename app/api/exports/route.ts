import { z } from 'zod';
import { createExportJob } from '@/lib/export/jobs';
import { readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Starts a folder export, or prepares a zip for GET /api/exports/<id>/download; answers the job's status. */
export const POST = withErrors(async (request: Request) => {
  // The fields are checked by createExportJob (lib/export/options.ts), which the CLI shares.
  const body = await readJson(request, z.unknown());
  const { config, db } = serverContext();
  const status = await createExportJob(db, { dbFile: config.dbFile, libraryRoot: config.libraryRoot, exportRoot: config.exportRoot }, body);
  return Response.json(status, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
