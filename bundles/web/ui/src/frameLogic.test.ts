import { describe, expect, it } from 'vitest';
import { decodeBase64, FRAME_SAMPLES, frameOf, frames, samplesPath, scoreText, type Sample } from './frameLogic';

// the 8 bytes every PNG starts with
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = btoa(String.fromCharCode(...PNG_SIGNATURE));
const sample = (seq: number, input: unknown, extra: Partial<Sample> = {}): Sample => ({
  edgeId: 7, seq, time: '2026-11-23T10:00:00Z', modelVersion: 'digits:v1.0', label: '3', score: 0.91, sample: input, ...extra,
});

describe('recent frames', () => {
  it('asks for the newest samples of one edge', () => {
    expect(samplesPath(7)).toBe(`/api/v1/inference/samples?edgeId=7&limit=${FRAME_SAMPLES}`);
    expect(samplesPath(7, 3)).toBe('/api/v1/inference/samples?edgeId=7&limit=3');
  });

  it('takes the image an agent sent as a frame, with its prediction', () => {
    const frame = frameOf(sample(42, { image: { mediaType: 'image/png', base64: png } }));
    expect(frame).toMatchObject({ key: '7-42', seq: 42, label: '3', score: 0.91, modelVersion: 'digits:v1.0', mediaType: 'image/png' });
    expect([...frame!.bytes]).toEqual(PNG_SIGNATURE);
    expect(frameOf(sample(1, { image: { mediaType: 'Image/JPEG; charset=binary', base64: png } }))?.mediaType).toBe('image/jpeg');
    expect(frameOf(sample(1, { image: { mediaType: 'image/gif', base64: png } }, { label: null, score: null })))
      .toMatchObject({ label: null, score: null });
  });

  it('leaves out every other input', () => {
    for (const input of [
      { features: [[0.5, 1.5]] }, // a tabular model's inputs
      { image: 'iVBORw0KGgo=' },
      { image: { mediaType: 'image/png' } },
      { image: { mediaType: 'image/svg+xml', base64: btoa('<svg xmlns="http://www.w3.org/2000/svg"/>') } },
      { image: { mediaType: 'text/html', base64: png } },
      { image: { mediaType: 'image/png', base64: 'not base64!' } },
      { image: { mediaType: 'image/png', base64: '' } },
      [{ image: { mediaType: 'image/png', base64: png } }],
      null, 'text', 3,
    ]) {
      expect(frameOf(sample(1, input)), JSON.stringify(input)).toBeNull();
    }
  });

  it('keeps the server order (newest first) and drops what is not an image', () => {
    const shown = frames([sample(9, { image: { mediaType: 'image/png', base64: png } }), sample(8, { features: [[1]] }),
      sample(7, { image: { mediaType: 'image/jpeg', base64: png } })]);
    expect(shown.map((f) => f.seq)).toEqual([9, 7]);
    expect(frames([])).toEqual([]);
  });

  it('decodes base64 and shows scores as the results table does', () => {
    expect([...decodeBase64('AAEC/w==')!]).toEqual([0, 1, 2, 255]);
    expect(decodeBase64('%%')).toBeNull();
    expect(scoreText(0.9)).toBe('0.900');
    expect(scoreText(null)).toBe('—');
  });
});
