import type { Config } from "../config.js";

/** What the delivery worker, its commands and the Letta tool read of the app's configuration (parsed once in src/config.ts). */
export type PushConfig = Config["push"];
export type DeliveryConfig = PushConfig["delivery"];
export type LettaConfig = PushConfig["letta"];
