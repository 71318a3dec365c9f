import { parseRetryAfter } from "../http/retry-after.js";

export type Fetch = typeof fetch;

/** What sending needs from outside: injectable, so tests drive time and the network. */
export interface SendDeps {
  fetch: Fetch;
  clock: () => Date;
}

/** What one try of a delivery came to, as the attempt log records it. */
export interface SendResult {
  /** delivered: 2xx. gone: 410, the receiver wants no more. retry: anything else. */
  outcome: "delivered" | "retry" | "gone";
  statusCode: number | null;
  /** The first characters of the response body. */
  response: string | null;
  error: string | null;
  durationMs: number;
  /** No answer within the timeout. */
  timedOut: boolean;
  retryAfterMs: number | null;
}

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborts the request when the worker stops. */
  signal?: AbortSignal | undefined;
}

export const RESPONSE_EXCERPT_CHARS = 1000;
/** Bytes read of a response at most: a receiver answering megabytes must not cost memory. */
const RESPONSE_READ_BYTES = 4 * RESPONSE_EXCERPT_CHARS;

async function excerpt(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < RESPONSE_READ_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_EXCERPT_CHARS);
}

function outcomeOf(status: number): SendResult["outcome"] {
  if (status >= 200 && status < 300) return "delivered";
  return status === 410 ? "gone" : "retry";
}

/** fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND…). */
export function networkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  if ((error as Error).name === "AbortError") return "aborted: the worker stopped";
  return networkFailure(error);
}

/**
 * POSTs a JSON body once and classifies the answer. Redirects are not followed:
 * a signed delivery goes to the address its subscription names, or nowhere.
 */
export async function postJson(fetchFn: Fetch, request: PostRequest, clock: () => Date): Promise<SendResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const response = await fetchFn(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...request.headers },
      body: request.body,
      redirect: "manual",
      signal: request.signal ? AbortSignal.any([timeout, request.signal]) : timeout,
    });
    const body = await excerpt(response);
    const redirect = response.status >= 300 && response.status < 400;
    return {
      outcome: outcomeOf(response.status),
      statusCode: response.status,
      response: body,
      error: redirect ? `redirect to ${response.headers.get("location") ?? "(no location)"} not followed: set the subscription's URL to the final address` : null,
      durationMs: durationMs(),
      timedOut: false,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), clock()),
    };
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return { outcome: "retry", statusCode: null, response: null, error: describeFailure(error, request.timeoutMs), durationMs: durationMs(), timedOut, retryAfterMs: null };
  }
}
