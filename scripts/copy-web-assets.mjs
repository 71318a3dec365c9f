#!/usr/bin/env node
// Build step: the console's stylesheet, script and icon are served from next to the compiled code (dist/web/assets), as tsc copies none of them.
import { cpSync } from "node:fs";

cpSync(new URL("../src/web/assets/", import.meta.url), new URL("../dist/web/assets/", import.meta.url), { recursive: true });
