// The edge page's "Recent frames": the newest images the edge's agent sampled, each with the label and score the model
// gave it, so an operator sees what the camera sees and what the model makes of it. Rules in frameLogic.ts.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from './api';
import { dateTime, relativeTime } from './format';
import { frames, samplesPath, scoreText, type Frame, type Sample } from './frameLogic';
import { ErrorText, usePoll } from './widgets';

export function RecentFrames({ api, edgeId }: { api: Api; edgeId: number }) {
  const { data, error } = usePoll<Sample[]>(api, samplesPath(edgeId));
  // an unchanged answer (304) is the same object, so the images are decoded again only when the samples changed
  const shown = useMemo(() => frames(data ?? []), [data]);
  return (
    <section class="panel" data-testid="recent-frames" aria-labelledby="recent-frames-title">
      <header class="panel-head">
        <h2 id="recent-frames-title">Recent frames</h2>
        {shown.length > 0 && <span class="hint">newest first, with the model's label and score</span>}
      </header>
      <ErrorText error={error} />
      {data && shown.length === 0 && (
        <p class="empty" data-testid="frames-empty">{data.length === 0
          ? 'No frames yet. Agents send the images they ran the model on when their collection policy samples them (sampleMode all, low-confidence or rate).'
          : 'The latest samples of this edge are not images.'}</p>
      )}
      {shown.length > 0 && <ul class="frames">{shown.map((frame) => <FrameCard key={frame.key} frame={frame} />)}</ul>}
    </section>
  );
}

function FrameCard({ frame }: { frame: Frame }) {
  const [url, setUrl] = useState<string | null>(null);
  const [broken, setBroken] = useState(false);
  useEffect(() => {
    // an object URL rather than a data: URL: the bytes stay a Blob instead of a second base64 copy in the DOM, and
    // are freed with the card; a sample never changes, so its key is enough
    const objectUrl = URL.createObjectURL(new Blob([frame.bytes], { type: frame.mediaType }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [frame.key]);
  const label = frame.label ?? '—';
  return (
    <li data-testid={`frame-${frame.seq}`}>
      {broken ? <span class="thumb broken" role="img" aria-label={`frame ${frame.seq} cannot be shown`}>not a readable {frame.mediaType}</span>
        : url ? <img class="thumb" src={url} alt={`frame ${frame.seq}, predicted ${label}`} onError={() => setBroken(true)} />
          : <span class="thumb" aria-hidden="true" />}
      <div class="card-meta">
        <b data-testid={`frame-label-${frame.seq}`}>{label}</b>
        <span data-testid={`frame-score-${frame.seq}`}>{scoreText(frame.score)}</span>
      </div>
      <p class="hint" title={`${dateTime(frame.time)}, model ${frame.modelVersion ?? 'unknown'}`}>{relativeTime(frame.time)} · seq {frame.seq}</p>
    </li>
  );
}
