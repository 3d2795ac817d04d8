/**
 * Frame N shows second N of the film (one JPEG per second), so its position
 * in the film is N seconds, written HH:MM:SS as a film editor would.
 */
export function formatTimecode(frame: number): string {
  if (!Number.isSafeInteger(frame) || frame < 0) throw new RangeError(`Frame number must be a whole number >= 0, got ${frame}`);
  const hours = Math.floor(frame / 3600);
  const minutes = Math.floor((frame % 3600) / 60);
  const seconds = frame % 60;
  return [hours, minutes, seconds].map((part) => String(part).padStart(2, '0')).join(':');
}
