import { queryEngineStatus } from '@/lib/columnar/engine';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withErrors(() => Response.json({ queries: queryEngineStatus(serverContext().db) }, { headers: { 'Cache-Control': 'no-store' } }));
