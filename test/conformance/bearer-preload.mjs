// Loaded with --import into the official conformance suite, which has no option for an Authorization header:
// adds `Authorization: Bearer $CONFORMANCE_TOKEN` to every request it makes that carries none, through each
// HTTP client it uses (fetch, node:http, undici).
import http from "node:http";
import { createRequire } from "node:module";

const authorization = `Bearer ${process.env.CONFORMANCE_TOKEN}`;
const hasAuthorization = (headers) => Object.keys(headers ?? {}).some((name) => name.toLowerCase() === "authorization");

const originalFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  if (!headers.has("authorization")) headers.set("authorization", authorization);
  return originalFetch(input, { ...init, headers });
};

const originalRequest = http.request;
http.request = (...args) => {
  const options = args.find((arg) => typeof arg === "object" && arg !== null && !(arg instanceof URL));
  if (options && !hasAuthorization(options.headers)) options.headers = { ...options.headers, authorization };
  return originalRequest(...args);
};

const undici = createRequire(process.env.CONFORMANCE_PACKAGE_JSON)("undici");
const originalUndiciRequest = undici.request;
undici.request = (url, options = {}) => originalUndiciRequest(url, hasAuthorization(options.headers) ? options : { ...options, headers: { ...options.headers, authorization } });
