import { quote, words } from "../text.js";

/** What issues and pull requests have in common: someone acting on an item, maybe with a person, label or milestone. */
export interface ItemActivity {
  actor: string;
  action: string;
  /** The item as it reads in a sentence: `pull request #2 "Fix login"`. */
  item: string;
  assignee?: string | null | undefined;
  label?: string | null | undefined;
  milestone?: string | null | undefined;
}

export function describeItemActivity({ actor, action, item, assignee, label, milestone }: ItemActivity): string {
  switch (action) {
    case "assigned":
      return assignee === actor ? `${actor} self-assigned ${item}` : `${actor} assigned ${assignee ?? "someone"} to ${item}`;
    case "unassigned":
      return assignee === actor ? `${actor} unassigned themselves from ${item}` : `${actor} unassigned ${assignee ?? "someone"} from ${item}`;
    case "labeled":
      return `${actor} added label ${quote(label)} to ${item}`;
    case "unlabeled":
      return `${actor} removed label ${quote(label)} from ${item}`;
    case "milestoned":
      return `${actor} added ${item} to milestone ${quote(milestone)}`;
    case "demilestoned":
      return `${actor} removed ${item} from milestone ${quote(milestone)}`;
    default:
      return `${actor} ${words(action)} ${item}`;
  }
}

/** The optional parts of an issue's or pull request's payload that an activity names. */
interface ActivityPayload {
  action: string;
  assignee?: { login: string } | null;
  label?: { name: string } | null;
  milestone?: { title: string } | null;
}

/** describeItemActivity for an issues or pull_request payload, whichever action it is. */
export function describePayloadActivity(payload: ActivityPayload, actor: string, item: string): string {
  return describeItemActivity({ actor, action: payload.action, item, assignee: payload.assignee?.login, label: payload.label?.name, milestone: payload.milestone?.title });
}

/**
 * Whether this action brings a new title or body. Only those events carry the body in their texts,
 * so that labelling or assigning an item does not announce the body's @mentions again.
 */
export function introducesText(action: string): boolean {
  return action === "opened" || action === "edited" || action === "created";
}
