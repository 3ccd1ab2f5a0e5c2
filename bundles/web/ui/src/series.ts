// Aggregates from the API → aligned uPlot series, with empty buckets filled so gaps read as "nothing happened".
export interface Bucket {
  start: string;
  count: number;
  meanScore: number | null;
  lowConfidence: number;
  failures: number;
}

export interface Range {
  label: string;
  seconds: number;
  bucketSeconds: number;
}

export const RANGES: Range[] = [
  { label: '1 h', seconds: 3600, bucketSeconds: 60 },
  { label: '24 h', seconds: 86400, bucketSeconds: 900 },
  { label: '7 d', seconds: 7 * 86400, bucketSeconds: 3600 },
];

/** [from, to) aligned to whole buckets, so consecutive polls ask for the same URL and can be answered with 304. */
export function window(range: Range, now: number = Date.now()): { from: string; to: string } {
  const step = range.bucketSeconds * 1000;
  const to = Math.ceil(now / step) * step;
  return { from: new Date(to - range.seconds * 1000).toISOString(), to: new Date(to).toISOString() };
}

export function toSeries(buckets: Bucket[], from: string, to: string, bucketSeconds: number) {
  const start = Date.parse(from) / 1000;
  const end = Date.parse(to) / 1000;
  const byStart = new Map(buckets.map((b) => [Date.parse(b.start) / 1000, b]));
  const times: number[] = [];
  const counts: number[] = [];
  const scores: (number | null)[] = [];
  for (let t = start; t < end; t += bucketSeconds) {
    const bucket = byStart.get(t);
    times.push(t);
    counts.push(bucket ? bucket.count : 0);
    scores.push(bucket && bucket.meanScore != null ? bucket.meanScore : null);
  }
  return { times, counts, scores };
}

export function totals(buckets: Bucket[]) {
  return buckets.reduce(
    (sum, b) => ({ count: sum.count + b.count, lowConfidence: sum.lowConfidence + b.lowConfidence, failures: sum.failures + b.failures }),
    { count: 0, lowConfidence: 0, failures: 0 },
  );
}
