import { compact } from "../pick.js";
import { quote, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";

function describeOrganization(payload: PayloadOf<"organization">, actor: string): string {
  const org = payload.organization.login;
  switch (payload.action) {
    case "member_added":
      return `${actor} added ${payload.membership.user?.login ?? "a member"} to ${org}`;
    case "member_removed":
      return `${actor} removed ${payload.membership.user?.login ?? "a member"} from ${org}`;
    case "member_invited":
      // An invitation by email has no login; the address is personal data and stays out of the event.
      return `${actor} invited ${payload.invitation.login ?? "someone"} to join ${org}`;
    case "renamed":
      return `${actor} renamed organization ${payload.changes?.login?.from ?? "?"} to ${org}`;
    default:
      return `${actor} ${words(payload.action)} organization ${org}`;
  }
}

export const organizationNormalizers = {
  organization: (payload, actor) => ({
    subject: { type: "organization", number: null, title: payload.organization.login, state: null, url: `https://github.com/${payload.organization.login}` },
    summary: describeOrganization(payload, actor),
    details: compact({
      member: "membership" in payload ? payload.membership?.user?.login : undefined,
      role: "membership" in payload ? payload.membership?.role : "invitation" in payload ? payload.invitation.role : undefined,
      invitee: "invitation" in payload ? payload.invitation.login : undefined,
    }),
    texts: [],
    namesPlace: true,
  }),
  org_block: (payload, actor) => ({
    subject: null,
    summary: `${actor} ${payload.action} ${payload.blocked_user?.login ?? "a user"} ${payload.action === "blocked" ? "from" : "in"} ${payload.organization.login}`,
    details: compact({ user: payload.blocked_user?.login }),
    texts: [],
    namesPlace: true,
  }),
  custom_property: (payload, actor) => ({
    subject: null,
    summary: `${actor} ${words(payload.action)} custom property ${quote(payload.definition.property_name)}`,
    details: compact({ property: payload.definition.property_name, value_type: "value_type" in payload.definition ? payload.definition.value_type : undefined }),
    texts: [],
  }),
  personal_access_token_request: (payload, actor) => {
    const request = payload.personal_access_token_request;
    const owner = request.owner.login;
    return {
      subject: null,
      summary:
        payload.action === "created"
          ? `${owner} requested access for a fine-grained personal access token`
          : `${actor} ${words(payload.action)} ${owner === actor ? "their" : `${owner}'s`} personal access token request`,
      details: compact({ owner, repository_selection: request.repository_selection, repository_count: request.repository_count }),
      texts: [],
    };
  },
} satisfies Partial<FamilyNormalizers>;
