import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import type { Principal } from "../auth/principal.js";

/** Who may call a route: any authenticated reader (their scope applies), or admins only. */
export type Access = "reader" | "admin";

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: IncomingMessage;
  /** Only streaming routes write to it; the others return their answer. */
  res: ServerResponse;
}

type Shape = z.ZodObject;

/**
 * One operation of /api/v1: the zod schemas its input is validated with and
 * its answer is documented by (the OpenAPI document is generated from
 * these), and the handler, which returns the JSON answer (or, for a
 * `stream`, writes the response itself).
 */
export interface ApiRoute<P extends Shape = Shape, Q extends Shape = Shape, B extends z.ZodType = z.ZodType> {
  method: "GET" | "POST" | "DELETE";
  /** Below /api/v1, with OpenAPI's {name} placeholders. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  status?: 200 | 201;
  response: z.ZodType;
  /** Server-Sent Events: documented as text/event-stream, each message's data being `response`. */
  stream?: boolean;
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

/** Infers a route's input types at its declaration. */
export function defineRoute<P extends Shape, Q extends Shape, B extends z.ZodType>(route: ApiRoute<P, Q, B>): ApiRoute {
  return route;
}
