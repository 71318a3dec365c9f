import { compact } from "../pick.js";
import { excerpt, quote, words } from "../text.js";
import type { FamilyNormalizers } from "../types.js";
import { introducesText } from "./item-activity.js";

export const labelMilestoneNormalizers = {
  label: (payload, actor) => {
    const label = payload.label;
    const oldName = payload.action === "edited" ? payload.changes?.name?.from : undefined;
    return {
      subject: { type: "label", number: null, title: label.name, state: null, url: null },
      summary: oldName ? `${actor} renamed label ${quote(oldName)} to ${quote(label.name)}` : `${actor} ${words(payload.action)} label ${quote(label.name)}`,
      details: compact({ name: label.name, color: label.color, description: label.description }),
      texts: [],
    };
  },
  milestone: (payload, actor) => {
    const milestone = payload.milestone;
    return {
      subject: { type: "milestone", number: milestone.number, title: milestone.title, state: milestone.state, url: milestone.html_url },
      summary: `${actor} ${words(payload.action)} milestone ${quote(milestone.title)}`,
      details: compact({
        due_on: milestone.due_on,
        open_issues: milestone.open_issues,
        closed_issues: milestone.closed_issues,
        description: excerpt(milestone.description, 200),
      }),
      texts: introducesText(payload.action) ? [milestone.title, milestone.description ?? ""] : [milestone.title],
    };
  },
} satisfies Partial<FamilyNormalizers>;
