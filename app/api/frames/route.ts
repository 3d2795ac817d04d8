import { queryFrames } from '@/lib/query/frames';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withErrors((request: Request) =>
  Response.json(queryFrames(serverContext().db, new URL(request.url).searchParams)),
);
