import { listFilms } from '@/lib/query/frames';
import { serverContext, withErrors } from '@/lib/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withErrors(() => Response.json(listFilms(serverContext().db)));
