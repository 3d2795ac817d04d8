import { z } from 'zod';
import { listExports, postExport } from '@/lib/export/jobs';
import { readJson } from '@/lib/server/api';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

function environment() {
  const { config, db } = serverContext();
  return { db, env: { dbFile: config.dbFile, libraryRoot: config.libraryRoot, exportRoot: config.exportRoot } };
}

/** `{ exportRoot, jobs }`: the export root's absolute path and the newest exports first (running, done, failed, cancelled). */
export const GET = withErrors(async () => {
  const { db, env } = environment();
  return Response.json(await listExports(db, env), { headers: NO_STORE });
});

/**
 * Starts a folder export, or prepares a zip for GET /api/exports/<id>/download; answers the job's status.
 * With `"dryRun": true`, answers the plan and writes nothing.
 */
export const POST = withErrors(async (request: Request) => {
  // The fields are checked by lib/export/options.ts, which the CLI shares.
  const body = await readJson(request, z.unknown());
  const { db, env } = environment();
  const answer = await postExport(db, env, body);
  if ('dryRun' in answer) return Response.json(answer.dryRun, { headers: NO_STORE });
  return Response.json(answer.job, { status: 201, headers: NO_STORE });
});
