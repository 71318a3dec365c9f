import { compact } from "../pick.js";
import { quote, words } from "../text.js";
import type { EventSubject, FamilyNormalizers, PayloadOf } from "../types.js";

/** team_add payloads carry the same team object as team's. */
type Team = PayloadOf<"team">["team"] | PayloadOf<"membership">["team"];

function teamSubject(team: Team): EventSubject {
  return { type: "team", number: null, title: team.name, state: null, url: "html_url" in team ? (team.html_url ?? null) : null };
}

function describeTeam(payload: PayloadOf<"team">, actor: string): string {
  const team = `team ${quote(payload.team.name)}`;
  const repository = "repository" in payload ? payload.repository?.full_name : undefined;
  switch (payload.action) {
    case "added_to_repository":
      return `${actor} gave ${team} access to ${repository ?? "a repository"}`;
    case "removed_from_repository":
      return `${actor} removed the access of ${team} to ${repository ?? "a repository"}`;
    default:
      return `${actor} ${words(payload.action)} ${team}`;
  }
}

function describeMember(payload: PayloadOf<"member">, actor: string): string {
  const member = payload.member?.login ?? "someone";
  switch (payload.action) {
    case "added":
      return `${actor} added ${member} as a collaborator`;
    case "removed":
      return `${actor} removed ${member} as a collaborator`;
    default: {
      const to = payload.changes.permission?.to;
      return `${actor} changed the permission of ${member}${to ? ` to ${to}` : ""}`;
    }
  }
}

export const teamNormalizers = {
  team: (payload, actor) => ({
    subject: teamSubject(payload.team),
    summary: describeTeam(payload, actor),
    details: compact({ team: payload.team.name, slug: payload.team.slug, privacy: payload.team.privacy }),
    texts: [],
    namesPlace: payload.action === "added_to_repository" || payload.action === "removed_from_repository",
  }),
  team_add: (payload, actor) => ({
    subject: teamSubject(payload.team),
    summary: `${actor} gave team ${quote(payload.team.name)} access to ${payload.repository.full_name}`,
    details: compact({ team: payload.team.name, slug: payload.team.slug }),
    texts: [],
    namesPlace: true,
  }),
  membership: (payload, actor) => {
    const member = payload.member?.login ?? "someone";
    const team = `team ${quote(payload.team.name)}`;
    return {
      subject: teamSubject(payload.team),
      summary: payload.action === "added" ? `${actor} added ${member} to ${team}` : `${actor} removed ${member} from ${team}`,
      details: compact({ member: payload.member?.login, team: payload.team.name, scope: payload.scope }),
      texts: [],
    };
  },
  member: (payload, actor) => ({
    subject: null,
    summary: describeMember(payload, actor),
    details: compact({
      member: payload.member?.login,
      permission: "changes" in payload ? payload.changes?.permission?.to : undefined,
      old_permission: payload.action === "edited" ? payload.changes.old_permission?.from : undefined,
    }),
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
