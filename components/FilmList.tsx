import Link from 'next/link';
import type { FilmSummary } from '@/lib/query/frames';

export function FilmList({ films, current }: { films: FilmSummary[]; current: string | null }) {
  return (
    <ul>
      {films.map(({ film, frame_count }) => (
        <li key={film}>
          <Link href={`/?film=${encodeURIComponent(film)}`} aria-current={film === current ? 'page' : undefined}>
            <span>{film}</span>
            <span className="count" title={`${frame_count} frames`}>
              {frame_count.toLocaleString('en')}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
