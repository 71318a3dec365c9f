import { compact } from "../pick.js";
import { quote, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";
import { repositorySubject } from "./repository-subject.js";

function describeSponsorship(payload: PayloadOf<"sponsorship">, actor: string): string {
  const { sponsorship } = payload;
  const sponsor = sponsorship.sponsor?.login ?? actor;
  const sponsorable = sponsorship.sponsorable?.login ?? "someone";
  const tier = quote(sponsorship.tier.name);
  const on = "effective_date" in payload && payload.effective_date ? ` on ${payload.effective_date.slice(0, 10)}` : "";
  switch (payload.action) {
    case "created":
      return `${sponsor} started sponsoring ${sponsorable} (${tier})`;
    case "cancelled":
      return `${sponsor} cancelled their sponsorship of ${sponsorable}`;
    case "tier_changed":
      return `${sponsor} changed their sponsorship of ${sponsorable} to ${tier}`;
    case "pending_tier_change":
      return `${sponsor}'s sponsorship of ${sponsorable} will change to ${tier}${on}`;
    case "pending_cancellation":
      return `${sponsor}'s sponsorship of ${sponsorable} will be cancelled${on}`;
    default:
      return `${sponsor} ${words(payload.action)} their sponsorship of ${sponsorable}`;
  }
}

export const socialNormalizers = {
  star: (payload, actor) => ({
    subject: repositorySubject(payload.repository),
    summary: `${actor} ${payload.action === "created" ? "starred" : "unstarred"} ${payload.repository.full_name}`,
    details: { stars: payload.repository.stargazers_count },
    texts: [],
    namesPlace: true,
  }),
  // GitHub's "watch" event fires when someone stars a repository; watching (subscribing) sends no webhook.
  watch: (payload, actor) => ({
    subject: repositorySubject(payload.repository),
    summary: `${actor} starred ${payload.repository.full_name}`,
    details: { stars: payload.repository.stargazers_count },
    texts: [],
    namesPlace: true,
  }),
  fork: (payload, actor) => ({
    subject: repositorySubject(payload.forkee),
    summary: `${actor} forked ${payload.repository.full_name} to ${payload.forkee.full_name}`,
    details: { fork: payload.forkee.full_name, forks: payload.repository.forks_count },
    texts: [],
    namesPlace: true,
  }),
  sponsorship: (payload, actor) => ({
    subject: null,
    summary: describeSponsorship(payload, actor),
    details: compact({
      sponsor: payload.sponsorship.sponsor?.login,
      sponsorable: payload.sponsorship.sponsorable?.login,
      tier: payload.sponsorship.tier.name,
      monthly_dollars: payload.sponsorship.tier.monthly_price_in_dollars,
      privacy: payload.sponsorship.privacy_level,
    }),
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
