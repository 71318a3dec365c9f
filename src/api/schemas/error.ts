import { z } from "zod";

export const API_ERROR_CODES = [
  "invalid_parameter",
  "unknown_parameter",
  "invalid_body",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "too_many_streams",
  "unavailable",
  "internal",
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string().describe("What was wrong and how to fix the call."),
      parameter: z.string().optional().describe("The parameter or body field at fault, when there is one."),
    }),
  })
  .meta({ id: "Error" });
