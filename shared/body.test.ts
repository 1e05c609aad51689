import { describe, expect, it } from 'vitest';
import { BodyTooLarge, bodyChunks, readLimitedBody } from './body.ts';

/** A body of `chunks` chunks of `size` bytes, made as they are read; counts what was pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === chunks) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(size));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // Nothing is pulled before a read asks for it.
    { highWaterMark: 0 },
  );
  return { message: { headers: new Headers(headers), body }, state };
}

describe('reading a body within a limit', () => {
  it('reads a body up to the limit whole', async () => {
    const { message } = streamed(4, 10);
    expect((await readLimitedBody(message, 40)).length).toBe(40);
  });

  it('refuses a declared Content-Length over the limit before reading a byte', async () => {
    const { message, state } = streamed(100, 1000, { 'content-length': '100000' });
    await expect(readLimitedBody(message, 50_000)).rejects.toThrow(BodyTooLarge);
    expect(state.pulled).toBe(0);
  });

  it('counts the bytes of a body without a length, or with one that lies, and stops reading at the limit', async () => {
    for (const headers of [{}, { 'content-length': '10' }] as Record<string, string>[]) {
      const { message, state } = streamed(1000, 1000, headers);
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const chunk of bodyChunks(message, 5500)) seen.push(chunk.length);
        })(),
      ).rejects.toThrow(BodyTooLarge);
      // Five chunks handed on, the sixth went over: the rest was never read.
      expect(seen).toEqual([1000, 1000, 1000, 1000, 1000]);
      expect(state.pulled).toBe(6);
      expect(state.cancelled).toBe(true);
    }
  });
});
