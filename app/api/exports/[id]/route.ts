import { cancelExportJob, exportJobStatus } from '@/lib/export/jobs';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };
const NO_STORE = { headers: { 'Cache-Control': 'no-store' } };

/** One job: { state, filesDone, filesTotal, bytesDone, bytesTotal, startedAt, etaSeconds, path, folder?, download?, error?, ... }. */
export const GET = withErrors(async (_request: Request, { params }: Params) => {
  const { config, db } = serverContext();
  return Response.json(exportJobStatus(db, config, (await params).id), NO_STORE);
});

/** Cancels: a running export stops and its partial output is removed. */
export const DELETE = withErrors(async (_request: Request, { params }: Params) => {
  const { config, db } = serverContext();
  return Response.json(cancelExportJob(db, config, (await params).id), NO_STORE);
});
