import { parseFrameRef } from '@/lib/library/files';
import { getFrame } from '@/lib/query/frames';
import { jsonError, serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ film: string; frame: string }> }) => {
  const raw = await params;
  const { film, frame } = parseFrameRef(raw.film, raw.frame);
  const detail = getFrame(serverContext().db, film, frame);
  return detail ? Response.json(detail) : jsonError(404, `No frame ${frame} in film ${film}`);
});
