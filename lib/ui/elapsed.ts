/** A search's duration for people: "0.42 ms", "12 ms", "1.3 s". */
export function formatElapsed(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
