import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";

/** The path alone: a query string can carry an OAuth code, a state or a token, so none of it is logged. */
export const requestPath = (req: IncomingMessage) => (req.url ?? "").split("?", 1)[0];

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * One line per answered request, as Probot's own server logs them
 * (`POST /api/github/webhooks 202 - 12ms`): method, path, status, duration
 * and GitHub's delivery id when there is one. The serializers name each
 * field kept, so headers (tokens, cookies, signatures) and bodies never reach the log.
 */
export function requestLogger(log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  const logRequest = pinoHttp({
    logger: log.child({ name: "http" }),
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: requestPath(req), delivery: header(req, "x-github-delivery") }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customAttributeKeys: { responseTime: "durationMs" },
    customLogLevel: (_req, res, error) => (error !== undefined || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: (req, res, durationMs) => `${req.method} ${requestPath(req)} ${res.statusCode} - ${durationMs}ms`,
    customErrorMessage: (req, res) => `${req.method} ${requestPath(req)} ${res.statusCode}`,
    // A failure is logged with its error where it is caught; the request line needs no stack of its own.
    customErrorObject: (_req, _res, _error, value: { res: ServerResponse; durationMs: number }) => ({ res: value.res, durationMs: value.durationMs }),
  });
  return (req, res) => logRequest(req, res);
}
