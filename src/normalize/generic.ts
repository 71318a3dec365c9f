import type { FamilyResult } from "./types.js";

/** What any event says without knowing its family: who triggered what. Used for event names we have no normalizer for. */
export function genericResult(eventName: string, action: string | null, actor: string): FamilyResult {
  return {
    subject: null,
    summary: `${actor} triggered ${eventName}${action ? ` (${action})` : ""}`,
    details: {},
    texts: [],
  };
}
