import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface SseStream {
  status: number;
  headers: Headers;
  messages: EventSourceMessage[];
  comments: string[];
  retry: number | null;
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  /** Waits until `count` messages have arrived (or fails after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<EventSourceMessage[]>;
  /** Drops the connection, as a network failure would. */
  close(): void;
}

/** Opens a Server-Sent Events stream with fetch and parses it with eventsource-parser, as a client library does. */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const stream: SseStream = {
    status: response.status,
    headers: response.headers,
    messages: [],
    comments: [],
    retry: null,
    ended: Promise.resolve(),
    waitForMessages: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (stream.messages.length < count) {
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${count} messages; got ${stream.messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return stream.messages.slice(0, count);
    },
    close: () => abort.abort(),
  };
  const parser = createParser({
    onEvent: (message) => stream.messages.push(message),
    onComment: (comment) => stream.comments.push(comment),
    onRetry: (retry) => {
      stream.retry = retry;
    },
  });
  stream.ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return stream;
}
