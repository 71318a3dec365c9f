import type { ServerResponse } from "node:http";
import { TokenError } from "../auth/tokens.js";
import { DeliveryError } from "../delivery/errors.js";
import { HttpError } from "../http/http-error.js";
import { QueryError } from "../query/errors.js";
import type { ApiErrorCode } from "./schemas/error.js";

/** An answer of the REST API that is not a success: `{"error": {"code", "message", "parameter"?}}`. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly parameter?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const REASONS = { invalid: [400, "invalid_parameter"], not_found: [404, "not_found"], conflict: [409, "conflict"] } as const;

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "invalid_parameter",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  503: "unavailable",
};

/**
 * The one place where what the layers below throw becomes an answer: the
 * query layer's, the delivery and token modules' refusals (their messages
 * say how to fix the call) and HTTP errors (401s with their challenge).
 * Anything else is not the caller's fault: null, and a 500 is sent.
 */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof QueryError) return new ApiError(400, "invalid_parameter", error.message);
  if (error instanceof DeliveryError || error instanceof TokenError) {
    const [status, code] = REASONS[error.reason];
    return new ApiError(status, code, error.message);
  }
  if (error instanceof HttpError) return new ApiError(error.status, CODE_BY_STATUS[error.status] ?? "internal", error.message, undefined, error.headers);
  return null;
}

export function sendApiError(res: ServerResponse, error: ApiError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message, ...(error.parameter === undefined ? {} : { parameter: error.parameter }) } });
  res.writeHead(error.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...error.headers,
  });
  res.end(body);
}
