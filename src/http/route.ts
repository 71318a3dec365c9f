import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendError } from "./http-error.js";

export type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** A handler for one path that answers GET (and HEAD) only. */
export function getRoute(path: string, answer: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Handler {
  return async (req, res) => {
    if ((req.url ?? "").split("?", 1)[0] !== path) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(res, new HttpError(405, `${req.method} is not allowed on ${path}; use GET.`, { allow: "GET, HEAD" }));
      return true;
    }
    await answer(req, res);
    return true;
  };
}
