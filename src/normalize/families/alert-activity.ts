import { words } from "../text.js";

/** Someone acting on a security alert, or GitHub changing it on its own (then the sender is the "github" bot). */
export interface AlertActivity {
  actor: string;
  action: string;
  /** "code scanning alert", "Dependabot alert"… */
  kind: string;
  /** The alert as it reads in a sentence: `#10 "Unused variable"`. */
  item: string;
  severity?: string | null | undefined;
  reason?: string | null | undefined;
}

// Actions GitHub takes by itself read in the passive voice; naming the "github" bot as the doer would mislead.
const BY_GITHUB: Record<string, string> = {
  fixed: "was fixed",
  reopened: "was reopened",
  reopen: "was reopened",
  resolve: "was resolved",
  auto_dismissed: "was dismissed automatically",
  auto_reopened: "was reopened automatically",
  reintroduced: "was reintroduced",
  publicly_leaked: "was leaked publicly",
  validated: "was validated",
};

const BY_PEOPLE: Record<string, string> = {
  closed_by_user: "dismissed",
  dismiss: "dismissed",
  reopened_by_user: "reopened",
};

export function describeAlertActivity({ actor, action, kind, item, severity, reason }: AlertActivity): string {
  const why = reason ? ` (${words(reason)})` : "";
  if (action === "created" || action === "create") return `New ${kind} ${item}${severity ? ` (${severity})` : ""}`;
  const passive = BY_GITHUB[action];
  if (passive) return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${item} ${passive}${why}`;
  return `${actor} ${BY_PEOPLE[action] ?? words(action)} ${kind} ${item}${why}`;
}
