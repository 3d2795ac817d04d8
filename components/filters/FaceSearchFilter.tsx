'use client';

import { useEffect, useRef, useState } from 'react';
import type { FrameDetail } from '@/lib/query/frames';
import { formatElapsed } from '@/lib/ui/elapsed';
import type { FaceScope, FaceSearch } from '@/lib/ui/search-params';
import { fetchJson, isAbort } from '../fetch-json';
import { FaceCrop } from '../search/FaceCrop';
import { FaceSearchControls } from '../search/FaceSearchControls';
import type { SearchStats } from '../search/use-search-stats';

const COMMIT_DELAY_MS = 300;

/**
 * "More frames of this person" while it is on (`_face_like`, set from a face
 * in the frame view): the face, its distance and scope to adjust, and what
 * the search found and how long it took.
 */
export function FaceSearchFilter({
  search,
  scope,
  stats,
  onCommit,
}: {
  search: FaceSearch;
  scope: FaceScope;
  stats: SearchStats['face'];
  onCommit: (search: FaceSearch, scope: FaceScope) => void;
}) {
  const { film, frame, face } = search.face;
  const [distance, setDistance] = useState(search.distance);
  const [detail, setDetail] = useState<FrameDetail | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setDistance(search.distance), [search.distance]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<FrameDetail>(`/api/frames/${encodeURIComponent(film)}/${frame}`, controller.signal).then(setDetail, (error: unknown) => {
      if (!isAbort(error)) setDetail(null);
    });
    return () => controller.abort();
  }, [film, frame]);

  const box = detail?.faces.find((f) => f.face_index === face);
  const faceName = face === 0 && detail?.prim_char_flag === 1 ? 'primary face' : `face ${face + 1}`;
  return (
    <div className="face-search-filter">
      <div className="face-search-source">
        {box && detail?.width && detail.height ? (
          <FaceCrop film={film} frame={frame} box={[box.top, box.right, box.bottom, box.left]} width={detail.width} height={detail.height} label={`${film} frame ${frame}, ${faceName}`} />
        ) : (
          <span className="face-crop empty" aria-hidden="true" />
        )}
        <span>
          Faces like <strong>{film}</strong> #{frame}, {faceName}
        </span>
      </div>
      <FaceSearchControls
        film={film}
        distance={distance}
        scope={scope}
        onDistance={(d) => {
          setDistance(d);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => onCommit({ ...search, distance: d }, scope), COMMIT_DELAY_MS);
        }}
        onScope={(s) => onCommit({ ...search, distance }, s)}
      />
      {stats && (
        <p className="search-stats" data-testid="face-stats">
          {stats.faces.toLocaleString('en')} faces in {stats.frames.toLocaleString('en')} frames · {stats.scanned.toLocaleString('en')} faces compared in{' '}
          <strong>{formatElapsed(stats.elapsedMs)}</strong>
        </p>
      )}
    </div>
  );
}
