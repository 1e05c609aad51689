/** A request body over the limit (the server answers 413). */
export class BodyTooLarge extends Error {}

/** A request or a response: what has a body to read. */
interface WithBody {
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * The chunks of a body as they arrive, never more than `maxBytes` in all: a declared
 * Content-Length over the limit is refused before a byte is read, and without one (chunked) or
 * beyond one that lies the bytes are counted as they come. Over the limit it throws BodyTooLarge
 * and the rest is left unread, so nothing past the limit is ever buffered; a consumer that stops
 * early leaves the rest unread too.
 */
export async function* bodyChunks(message: WithBody, maxBytes: number): AsyncGenerator<Uint8Array> {
  const declared = Number(message.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new BodyTooLarge();
  if (!message.body) return;
  const reader = message.body.getReader();
  let size = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      size += value.byteLength;
      if (size > maxBytes) throw new BodyTooLarge();
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** Reads a body whole, up to a limit, so a huge one is refused before it is buffered. */
export async function readLimitedBody(message: WithBody, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of bodyChunks(message, maxBytes)) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A body as text (UTF-8), read within the limit. */
export async function readLimitedText(message: WithBody, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readLimitedBody(message, maxBytes));
}

/** The same request with its body read (within the limit) into memory. */
export async function limitBody(req: Request, maxBytes: number): Promise<Request> {
  if (!req.body || req.method === 'GET' || req.method === 'HEAD') return req;
  const body = await readLimitedBody(req, maxBytes);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

/**
 * The same request with its body left to stream, cut off past `maxBytes`: a route that takes a
 * bigger body than the server's limit (a file upload) still cannot be sent more than it declared.
 * Reading past the limit fails with BodyTooLarge, as does a declared Content-Length over it.
 */
export function capBody(req: Request, maxBytes: number): Request {
  if (!req.body || req.method === 'GET' || req.method === 'HEAD') return req;
  const chunks = bodyChunks(req, maxBytes);
  // Pulled as the reader asks: nothing is read ahead of it; a failed pull (BodyTooLarge) errors the stream.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body,
    signal: req.signal,
    duplex: 'half',
  } as RequestInit);
}
