// An edge's recent frames: the images among the inputs its agent sampled (GET /api/v1/inference/samples). Pure, so it
// is unit-tested; the panel is in frames.tsx.

/** A stored sample: the input the edge ran inference on, as it sent it, with the prediction it got. */
export interface Sample { edgeId: number; seq: number; time: string; modelVersion: string | null; label: string | null; score: number | null; sample: unknown }

/** A sampled image ready to show: its bytes and type, with the prediction. */
export interface Frame { key: string; seq: number; time: string; modelVersion: string | null; label: string | null; score: number | null; mediaType: string; bytes: Uint8Array<ArrayBuffer> }

/** How many of the newest samples the edge page asks for (the server allows 1..50: a sample may be 1 MiB). */
export const FRAME_SAMPLES = 12;

export const samplesPath = (edgeId: number, limit: number = FRAME_SAMPLES) => `/api/v1/inference/samples?edgeId=${edgeId}&limit=${limit}`;

/** What an <img> shows: the types the agent takes (PNG, JPEG, BMP, GIF) and WebP. SVG is a document, not pixels. */
const SHOWN = new Set(['image/png', 'image/jpeg', 'image/bmp', 'image/gif', 'image/webp']);

/** The image a sample carries ({"image": {"mediaType", "base64"}}, as agents send frames), or null for any other input. */
export function frameOf(s: Sample): Frame | null {
  const image = s.sample && typeof s.sample === 'object' ? (s.sample as { image?: unknown }).image : undefined;
  if (!image || typeof image !== 'object') return null;
  const { mediaType, base64 } = image as { mediaType?: unknown; base64?: unknown };
  if (typeof mediaType !== 'string' || typeof base64 !== 'string') return null;
  const type = mediaType.split(';')[0].trim().toLowerCase();
  const bytes = SHOWN.has(type) ? decodeBase64(base64) : null;
  if (!bytes || bytes.length === 0) return null;
  return { key: `${s.edgeId}-${s.seq}`, seq: s.seq, time: s.time, modelVersion: s.modelVersion ?? null, label: s.label ?? null,
    score: s.score ?? null, mediaType: type, bytes };
}

/** The frames among the samples, in the server's order (newest first). */
export function frames(samples: readonly Sample[]): Frame[] {
  return samples.map(frameOf).filter((f): f is Frame => f !== null);
}

/** Base64 to bytes; null when the text is not base64. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A score as the results table shows it. */
export function scoreText(score: number | null): string {
  return score == null ? '—' : score.toFixed(3);
}
