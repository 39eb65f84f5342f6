/**
 * The most of a refused request body read and thrown away so the refusal reaches the client. Node
 * closes a connection whose request body was left unread; a client still sending (Node's fetch)
 * then sees a reset instead of the answer. Reading up to 4 MiB costs the client's bandwidth, not
 * ours; past it the answer says Connection: close and may be lost to the reset.
 */
export const MAX_DISCARDED_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads and discards what is left of `request`'s body. True when the body was read to its end;
 * false when it declares or turns out to be larger than `maxBytes`, or another reader holds it.
 * Rejects with the stream's error when the client goes away mid-body.
 */
export async function discardBody(request: Request, maxBytes = MAX_DISCARDED_BODY_BYTES): Promise<boolean> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) return false;
  const body = request.body;
  if (body === null) return true;
  if (body.locked) return false;
  const reader = body.getReader();
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return false;
    }
  }
}
