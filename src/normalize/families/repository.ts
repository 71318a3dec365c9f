import { compact } from "../pick.js";
import { quote, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";
import { repositorySubject } from "./repository-subject.js";
import { outcome } from "./run-outcome.js";

function describeRepository(payload: PayloadOf<"repository">, actor: string): string {
  const name = payload.repository.full_name;
  switch (payload.action) {
    case "publicized":
      return `${actor} made ${name} public`;
    case "privatized":
      return `${actor} made ${name} private`;
    case "renamed":
      return `${actor} renamed repository ${payload.changes.repository.name.from} to ${name}`;
    case "transferred": {
      const from = payload.changes.owner.from;
      const owner = from.organization?.login ?? from.user?.login;
      return `${actor} transferred ${owner ? `${owner}/` : ""}${payload.repository.name} to ${name}`;
    }
    case "edited":
      return `${actor} changed the ${Object.keys(payload.changes).map(words).join(", ") || "settings"} of ${name}`;
    default:
      return `${actor} ${words(payload.action)} repository ${name}`;
  }
}

/** At most 10 keys of a free-form payload, so an agent sees its shape without its size. */
function keysOf(value: Record<string, unknown> | null | undefined): string[] {
  return Object.keys(value ?? {}).slice(0, 10);
}

export const repositoryNormalizers = {
  repository: (payload, actor) => ({
    subject: repositorySubject(payload.repository),
    summary: describeRepository(payload, actor),
    details: compact({
      description: payload.repository.description,
      default_branch: payload.repository.default_branch,
      changed: "changes" in payload ? keysOf(payload.changes) : undefined,
    }),
    texts: [payload.repository.description ?? ""],
    namesPlace: true,
  }),
  public: (payload, actor) => ({
    subject: repositorySubject(payload.repository),
    summary: `${actor} made ${payload.repository.full_name} public`,
    details: {},
    texts: [],
    namesPlace: true,
  }),
  repository_import: (payload) => ({
    subject: repositorySubject(payload.repository),
    summary: `The import into ${payload.repository.full_name} ${outcome(payload.status)}`,
    details: { status: payload.status },
    texts: [],
    namesPlace: true,
  }),
  repository_dispatch: (payload, actor) => ({
    subject: null,
    summary: `${actor} sent repository dispatch ${quote(payload.action)}${payload.branch ? ` for ${payload.branch}` : ""}`,
    details: compact({ event_type: payload.action, branch: payload.branch, client_payload_keys: keysOf(payload.client_payload) }),
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
