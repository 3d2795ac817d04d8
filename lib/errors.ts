/**
 * A query the caller got wrong: the routes answer it with HTTP 400 and
 * `{"error": message, "param": param}`, so the message must say which
 * parameter and what is wrong with it.
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    readonly param: string,
    message: string,
  ) {
    super(`${param}: ${message}`);
  }
}

/** Something the caller named (a selection, an export job) that does not exist: HTTP 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * A request that is well-formed but clashes with the current state (a name
 * already taken, nothing left to undo): HTTP 409, naming the parameter.
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';

  constructor(
    readonly param: string,
    message: string,
  ) {
    super(`${param}: ${message}`);
  }
}

/** The first problem zod found, as a QueryError naming the field ("split.train", "frames.3.frame"). */
export function fromZodError(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }, fallback: string): QueryError {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : fallback;
  return new QueryError(param, issue?.message ?? 'is invalid');
}
