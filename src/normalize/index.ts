import { isObject, readCommonFields, type CommonFields } from "./common.js";
import { dispatchTable } from "./dispatch-table.js";
import { genericResult } from "./generic.js";
import { extractMentions } from "./mentions.js";
import { searchText } from "./search-text.js";
import { oneLine } from "./text.js";
import type { EventSource, FamilyResult, Normalized } from "./types.js";

export interface NormalizeInput {
  deliveryId: string;
  /** The X-GitHub-Event header: "pull_request", "push"… */
  name: string;
  payload: unknown;
  receivedAt: Date;
  /** A webhook when not given. */
  source?: EventSource;
  /** When it happened, when known apart from its receipt (the Events API's created_at); else receivedAt. */
  occurredAt?: Date;
}

/**
 * The table seen from outside: any name, any object. This is the one place where a payload's type is
 * taken on trust from its event name, as @octokit/webhooks does when it emits an event.
 */
const byName = dispatchTable as Partial<Record<string, (payload: object, actor: string) => FamilyResult>>;

function familyResult(name: string, payload: unknown, common: CommonFields, actor: string): FamilyResult {
  const normalizer = Object.hasOwn(byName, name) ? byName[name] : undefined;
  if (!normalizer || !isObject(payload)) return genericResult(name, common.action, actor);
  try {
    const result = normalizer(payload, actor);
    // A payload that breaks its schema can put non-strings where texts belong.
    return { ...result, texts: result.texts.filter((text) => typeof text === "string") };
  } catch {
    // The signature proves who sent a payload, not its shape: one that does not match its event's schema
    // (a hand-made delivery, a field GitHub stopped sending) still yields an event rather than failing ingest.
    return genericResult(name, common.action, actor);
  }
}

/** " in owner/repo", or " in org" for organization-level events. */
function place(common: CommonFields): string {
  if (common.repository) return ` in ${common.repository.full_name}`;
  return common.organization ? ` in ${common.organization.login}` : "";
}

/** Turns one webhook delivery into the event agents read. Pure and total: every input yields an event. */
export function normalize(input: NormalizeInput): Normalized {
  const common = readCommonFields(input.payload);
  const actor = common.sender?.login ?? "someone";
  const result = familyResult(input.name, input.payload, common, actor);
  const summary = oneLine(result.namesPlace ? result.summary : result.summary + place(common));
  return {
    event: {
      delivery_id: input.deliveryId,
      source: input.source ?? "webhook",
      event_type: input.name,
      action: common.action,
      timestamp: (input.occurredAt ?? input.receivedAt).toISOString(),
      installation_id: common.installation_id,
      repository: common.repository,
      sender: common.sender,
      organization: common.organization,
      subject: result.subject,
      summary,
      details: result.details,
      mentions: extractMentions(result.texts),
    },
    searchText: searchText(summary, result.texts),
  };
}
