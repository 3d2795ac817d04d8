/**
 * The JSON bodies of the selection routes, as zod schemas: the routes parse
 * with these and hand plain values to store.ts and history.ts, which check
 * meaning (names free, queries valid, frames existing).
 */
import { z } from 'zod';
import { CHANGE_ACTIONS, MAX_FRAMES_PER_CHANGE, type ChangeRequest } from './history';

const NAME = z.string().max(1000);
const QUERY = z.string().max(10_000);

/** POST /api/selections */
export const CREATE_SELECTION = z.strictObject({ name: NAME, query: QUERY.default('') });

/** PATCH /api/selections/[id]: rename, change the query (an undoable action), or both. */
export const UPDATE_SELECTION = z
  .strictObject({ name: NAME.optional(), query: QUERY.optional() })
  .refine((body) => body.name !== undefined || body.query !== undefined, { message: 'give name, query or both' });

/** POST /api/selections/[id]/duplicate */
export const DUPLICATE_SELECTION = z.strictObject({ name: NAME.optional() });

const FRAME_REF = z.strictObject({ film: z.string().min(1).max(200), frame: z.number().int().nonnegative() });

/** POST /api/selections/[id]/changes: listed frames, or every frame matching a filter query. */
export const CHANGE_SELECTION = z
  .strictObject({
    action: z.enum(CHANGE_ACTIONS),
    frames: z.array(FRAME_REF).min(1).max(MAX_FRAMES_PER_CHANGE).optional(),
    query: QUERY.optional(),
  })
  .refine((body) => (body.frames === undefined) !== (body.query === undefined), {
    message: 'give either frames ([{"film", "frame"}, ...]) or query (a filter query string), not both',
    path: ['frames'],
  })
  .transform((body): ChangeRequest => (body.frames ? { action: body.action, frames: body.frames } : { action: body.action, query: body.query ?? '' }));

/** POST undo / redo: no fields. */
export const NO_FIELDS = z.strictObject({});
