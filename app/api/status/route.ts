import { analysisStatus } from '@/lib/analysis/progress';
import { queryEngineStatus } from '@/lib/columnar/engine';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withErrors(() => {
  const { db } = serverContext();
  return Response.json({ queries: queryEngineStatus(db), analysis: analysisStatus(db) }, { headers: { 'Cache-Control': 'no-store' } });
});
