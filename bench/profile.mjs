import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT_URL = new URL("..", import.meta.url).href;
const IDLE = "(idle)";

export function profilesIn(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => join(dir, name));
}

function shortUrl(url) {
  if (url.startsWith(ROOT_URL)) return url.slice(ROOT_URL.length);
  return url.startsWith("file://") ? fileURLToPath(url) : url;
}

/** Where a script lives, for the per-package roll-up: a node_modules package, node's internals, or the app's own code. */
function packageOf(url) {
  const path = shortUrl(url);
  const inModules = path.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1];
  if (path.startsWith("node:")) return "node (internal)";
  return path.split("/")[0].replace(/:$/, "");
}

function groupOf({ url, functionName }) {
  if (url) return packageOf(url);
  // (garbage collector), (program)… are V8's own buckets; the rest are builtins such as JSON.parse.
  return functionName.startsWith("(") ? functionName : "(V8 builtins)";
}

/** Wall time and busy (non-idle) time of the profiles, and self time (ms) per function and per package. */
export function selfTimes(paths) {
  const byFunction = new Map();
  const byPackage = new Map();
  let busy = 0;
  let wall = 0;
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, "utf8"));
    const span = (profile.endTime - profile.startTime) / 1000;
    const msPerSample = span / profile.samples.length;
    wall += span;
    for (const { callFrame, hitCount } of profile.nodes) {
      if (!hitCount || callFrame.functionName === IDLE) continue;
      const ms = hitCount * msPerSample;
      const where = callFrame.url ? ` ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : "";
      add(byFunction, `${callFrame.functionName || "(anonymous)"}${where}`, ms);
      add(byPackage, groupOf(callFrame), ms);
      busy += ms;
    }
  }
  const ranked = (map) => [...map].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { wall, busy, functions: ranked(byFunction), packages: ranked(byPackage) };
}
