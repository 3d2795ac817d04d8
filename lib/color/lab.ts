/**
 * sRGB to CIELAB (D65), so colour filters measure distance the way people
 * see it: a ΔE of about 2.3 is just noticeable, whatever the hue, where raw
 * RGB distances over-weight greens and under-weight blues.
 */

export interface Lab {
  l: number;
  a: number;
  b: number;
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

// D65 reference white, CIE 1931 2° observer.
const WHITE = { x: 0.95047, y: 1, z: 1.08883 };
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

function f(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

export function rgbToLab(red: number, green: number, blue: number): Lab {
  const r = linear(red);
  const g = linear(green);
  const b = linear(blue);
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE.x;
  const y = (0.2126729 * r + 0.7151522 * g + 0.072175 * b) / WHITE.y;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE.z;
  const fy = f(y);
  return { l: 116 * fy - 16, a: 500 * (f(x) - fy), b: 200 * (fy - f(z)) };
}

/** CIE76 colour difference: Euclidean distance in CIELAB. */
export function deltaE(p: Lab, q: Lab): number {
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

/** `ff8800` or `#ff8800` to channels, or null when it is not a six-digit hex colour. */
export function parseHexColor(text: string): { red: number; green: number; blue: number } | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(text);
  if (!match) return null;
  const n = parseInt(match[1], 16);
  return { red: n >> 16, green: (n >> 8) & 0xff, blue: n & 0xff };
}
