import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { Handler } from "../http/route.js";

const TYPES: Record<string, string> = { ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml" };

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The console's own files (src/web/assets, copied to dist/web/assets by the build): no CDN, nothing from elsewhere. */
export const ASSETS_DIR = new URL("./assets/", import.meta.url);

/**
 * GET /assets/<file>: the files of `dir`, read once at start; revalidated
 * by ETag on every use (no-cache), so a deploy's new files apply at once.
 */
export function staticAssets(dir: URL = ASSETS_DIR): Handler {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[name.slice(name.lastIndexOf("."))];
    if (!type) continue;
    const body = readFileSync(new URL(name, dir));
    assets.set(`/assets/${name}`, { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` });
  }
  return (req, res) => {
    const path = (req.url ?? "").split("?", 1)[0]!;
    if (!path.startsWith("/assets/")) return false;
    const asset = assets.get(path);
    if (!asset || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" }).end("Not found");
      return true;
    }
    const headers = { "content-type": asset.type, etag: asset.etag, "cache-control": "no-cache", "x-content-type-options": "nosniff" };
    if (req.headers["if-none-match"] === asset.etag) res.writeHead(304, headers).end();
    else res.writeHead(200, { ...headers, "content-length": asset.body.length }).end(req.method === "HEAD" ? undefined : asset.body);
    return true;
  };
}
