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
