import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { packageRoot } from "../../src/store/migrations-folder.js";

/** Debian's chromium (apt-get install chromium): .ci/run installs it and sets CHROMIUM_PATH, which makes a missing browser a failure. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where the browser tests leave their screenshots (ignored by git). */
export const SCREENSHOTS = join(packageRoot(), "test-artifacts", "screenshots");

/** The browser, or null (with the reason printed) where none is installed and CHROMIUM_PATH does not ask for one. */
export function chromiumPath(): string | null {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH is set but ${CHROMIUM} does not exist: install it with apt-get install -y chromium`);
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return null;
}

/**
 * Headless Chromium driven by playwright-core, with nothing that calls home.
 * Each launch gets a fresh profile (playwright creates a temporary
 * --user-data-dir itself and refuses one in the arguments).
 */
export async function launchChromium(executablePath: string): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
