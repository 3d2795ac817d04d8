/**
 * Every failure of the pickle reader is a PickleError: it names the file and,
 * when the problem sits at a known place in the stream, the byte offset, so a
 * user can tell which of a film's five pickles is broken and where.
 */
export class PickleError extends Error {
  override readonly name = 'PickleError';

  constructor(
    readonly file: string,
    readonly detail: string,
    readonly offset?: number,
  ) {
    super(`${file}: ${detail}${offset === undefined ? '' : ` (at byte ${offset})`}`);
  }
}
