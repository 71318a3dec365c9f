import { compact } from "../pick.js";
import { excerpt, oneLine, quote, truncate, words } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";

const ITEM_KINDS: Record<string, string> = { Issue: "an issue", PullRequest: "a pull request", DraftIssue: "a draft issue" };

function describeProjectItem(payload: PayloadOf<"projects_v2_item">, actor: string): string {
  const item = ITEM_KINDS[payload.projects_v2_item.content_type] ?? "an item";
  switch (payload.action) {
    case "created":
      return `${actor} added ${item} to a project`;
    case "deleted":
      return `${actor} removed ${item} from a project`;
    case "converted":
      return `${actor} converted a draft project item to an issue`;
    default:
      return `${actor} ${words(payload.action)} ${item} on a project`;
  }
}

/** A card's note as it reads in a summary: short, so the summary stays about the action. */
function cardNote(note: string | null): string {
  return note ? ` ${quote(truncate(oneLine(note), 60))}` : "";
}

export const projectNormalizers = {
  project: (payload, actor) => {
    const project = payload.project;
    return {
      subject: { type: "project", number: project.number, title: project.name, state: project.state, url: project.html_url },
      summary: `${actor} ${words(payload.action)} project ${quote(project.name)}`,
      details: compact({ name: project.name, body: excerpt(project.body) }),
      texts: [project.name, project.body ?? ""],
    };
  },
  project_card: (payload, actor) => {
    const card = payload.project_card;
    return {
      subject: null,
      summary: `${actor} ${words(payload.action)} project card${cardNote(card.note)}`,
      details: compact({ note: excerpt(card.note), column_id: card.column_id, archived: card.archived }),
      texts: [card.note ?? ""],
    };
  },
  project_column: (payload, actor) => ({
    subject: null,
    summary: `${actor} ${words(payload.action)} project column ${quote(payload.project_column.name)}`,
    details: { column: payload.project_column.name },
    texts: [],
  }),
  projects_v2: (payload, actor) => {
    const project = payload.projects_v2;
    return {
      subject: { type: "project", number: project.number, title: project.title, state: project.closed_at ? "closed" : "open", url: null },
      summary: `${actor} ${words(payload.action)} project ${quote(project.title)}`,
      details: compact({ title: project.title, description: excerpt(project.short_description), public: project.public }),
      texts: [project.title, project.short_description ?? ""],
    };
  },
  projects_v2_item: (payload, actor) => ({
    subject: null,
    summary: describeProjectItem(payload, actor),
    details: compact({ content_type: payload.projects_v2_item.content_type, project: payload.projects_v2_item.project_node_id }),
    texts: [],
  }),
  projects_v2_status_update: (payload, actor) => {
    const update = payload.projects_v2_status_update;
    return {
      subject: null,
      summary: `${actor} ${words(payload.action)} a project status update${update.status ? ` (${words(update.status.toLowerCase())})` : ""}`,
      details: compact({ status: update.status, target_date: update.target_date, body: excerpt(update.body) }),
      texts: [update.body ?? ""],
    };
  },
} satisfies Partial<FamilyNormalizers>;
