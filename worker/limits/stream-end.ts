/**
 * Knowing when a response is over: a streaming body (a watch) ends when it is read to the end, fails, or is
 * cancelled because the client went away — not when the handler returns.
 */

/**
 * `res` with its body wrapped so that `onEnd` runs exactly once when the body has been read to its end, has
 * failed, or was cancelled. A response without a body ends at once. Chunks pass through unchanged and one at
 * a time (no read-ahead: a watch event is flushed to the client as soon as the handler produces it).
 */
export function onResponseEnd(res: Response, onEnd: () => void): Response {
  if (!res.body) {
    onEnd();
    return res;
  }
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (e) {
          end();
          controller.error(e);
          return;
        }
        if (next.done) {
          end();
          controller.close();
        } else {
          controller.enqueue(next.value);
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
