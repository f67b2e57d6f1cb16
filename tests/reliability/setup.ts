/**
 * Node's fetch keeps a connection open between requests. Some scenarios pause between requests
 * (a `wrangler d1 execute` takes seconds on a loaded machine), long enough for wrangler dev to
 * close the idle connection just as the next request is written on it: undici reports
 * `other side closed` and nothing was answered. A browser sends such a request again on a new
 * connection, and so does this: once, and only when the connection had already carried an
 * answer (bytesRead > 0). A server that is gone (kill -9) still fails the request: the retry
 * finds no one listening.
 */
const directFetch = globalThis.fetch;

function reusedConnectionClosed(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; socket?: { bytesRead?: number } } }).cause;
  return cause?.code === 'UND_ERR_SOCKET' && (cause.socket?.bytesRead ?? 0) > 0;
}

globalThis.fetch = async (input, init) => {
  try {
    return await directFetch(input, init);
  } catch (error) {
    if (reusedConnectionClosed(error) && !(input instanceof Request)) return directFetch(input, init);
    throw error;
  }
};
