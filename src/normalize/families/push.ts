import { compact, refName } from "../pick.js";
import { count, firstLine, shortSha } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";

type Push = PayloadOf<"push">;

function isTag(payload: Push): boolean {
  return payload.ref.startsWith("refs/tags/");
}

function describePush(payload: Push, actor: string): string {
  const name = refName(payload.ref);
  const commits = payload.commits.length;
  if (isTag(payload)) return `${actor} ${payload.deleted ? "deleted" : "pushed"} tag ${name}`;
  if (payload.deleted) return `${actor} deleted branch ${name}`;
  if (payload.created) return `${actor} created branch ${name}${commits > 0 ? ` with ${count(commits, "commit")}` : ""}`;
  const verb = payload.forced ? "force-pushed" : "pushed";
  return commits > 0 ? `${actor} ${verb} ${count(commits, "commit")} to ${name}` : `${actor} ${verb} to ${name}`;
}

function commitLine(commit: Push["commits"][number]) {
  return { sha: shortSha(commit.id), message: firstLine(commit.message), author: commit.author.username ?? commit.author.name };
}

export const pushNormalizers = {
  push: (payload, actor) => ({
    subject: { type: "push", number: null, title: refName(payload.ref), state: null, url: payload.compare },
    summary: describePush(payload, actor),
    details: compact({
      ref: payload.ref,
      branch: isTag(payload) ? undefined : refName(payload.ref),
      tag: isTag(payload) ? refName(payload.ref) : undefined,
      before: shortSha(payload.before),
      after: shortSha(payload.after),
      commit_count: payload.commits.length,
      created: payload.created,
      deleted: payload.deleted,
      forced: payload.forced,
      commits: payload.commits.slice(0, 5).map(commitLine),
    }),
    // Commit messages carry @mentions and the words people search for; 20 bounds a huge push.
    texts: payload.commits.slice(0, 20).map((commit) => commit.message),
  }),
  create: (payload, actor) => ({
    subject: { type: payload.ref_type, number: null, title: payload.ref, state: null, url: `${payload.repository.html_url}/tree/${payload.ref}` },
    summary: `${actor} created ${payload.ref_type} ${payload.ref}`,
    details: compact({ ref: payload.ref, ref_type: payload.ref_type, default_branch: payload.master_branch }),
    texts: [],
  }),
  delete: (payload, actor) => ({
    subject: { type: payload.ref_type, number: null, title: payload.ref, state: null, url: null },
    summary: `${actor} deleted ${payload.ref_type} ${payload.ref}`,
    details: { ref: payload.ref, ref_type: payload.ref_type },
    texts: [],
  }),
} satisfies Partial<FamilyNormalizers>;
