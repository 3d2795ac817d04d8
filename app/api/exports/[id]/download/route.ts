import { downloadExportZip } from '@/lib/export/jobs';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The zip of a zip export, made while it downloads (once); closing the download cancels the export. */
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { config, db } = serverContext();
  const env = { dbFile: config.dbFile, libraryRoot: config.libraryRoot, exportRoot: config.exportRoot };
  const { body, fileName } = downloadExportZip(db, env, (await params).id, request.signal);
  return new Response(body, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
    },
  });
});
