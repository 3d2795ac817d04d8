import { formatTimecode } from '@/lib/timecode';

const WIDTHS = [240, 320, 480, 640];

export function FrameCard({ film, frame }: { film: string; frame: number }) {
  const base = `/api/frames/${encodeURIComponent(film)}/${frame}`;
  return (
    <li className="card" data-frame={frame}>
      <figure>
        <a href={`${base}/image`} target="_blank" rel="noreferrer">
          <img
            src={`${base}/thumb?w=320`}
            srcSet={WIDTHS.map((w) => `${base}/thumb?w=${w} ${w}w`).join(', ')}
            sizes="(max-width: 640px) 50vw, 260px"
            width={320}
            height={180}
            loading="lazy"
            decoding="async"
            alt={`${film}, frame ${frame}`}
          />
        </a>
        <figcaption>
          <span className="film" title={film}>
            {film}
          </span>
          <span>#{frame}</span>
          <span>{formatTimecode(frame)}</span>
        </figcaption>
      </figure>
    </li>
  );
}
