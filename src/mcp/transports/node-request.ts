import type { IncomingMessage } from "node:http";
import type { toWebRequest } from "@modelcontextprotocol/node";

/**
 * The SDK's duck type for a Node request. Node declares `method?: string | undefined`
 * where the SDK says `method?: string`, which exactOptionalPropertyTypes tells apart;
 * the SDK reads both the same way.
 */
export const nodeRequest = (req: IncomingMessage) => req as Parameters<typeof toWebRequest>[0];
