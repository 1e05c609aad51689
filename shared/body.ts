/** A request body over the limit (the server answers 413). */
export class BodyTooLarge extends Error {}

/** Reads a request body up to a limit, so a huge upload is refused before it is buffered. */
export async function readLimitedBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new BodyTooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same request with its body read (within the limit) into memory. */
export async function limitBody(req: Request, maxBytes: number): Promise<Request> {
  if (!req.body || req.method === 'GET' || req.method === 'HEAD') return req;
  const body = await readLimitedBody(req, maxBytes);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}
