'use client';

import { useEffect, useState } from 'react';

/** window.devicePixelRatio, following zoom and moves between screens; 1 until mounted. */
export function useDevicePixelRatio(): number {
  const [dpr, setDpr] = useState(1);
  useEffect(() => {
    let query: MediaQueryList | null = null;
    const update = () => {
      setDpr(window.devicePixelRatio || 1);
      query?.removeEventListener('change', update);
      query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      query.addEventListener('change', update);
    };
    update();
    return () => query?.removeEventListener('change', update);
  }, []);
  return dpr;
}
