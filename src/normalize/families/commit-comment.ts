import { compact } from "../pick.js";
import { excerpt, shortSha } from "../text.js";
import type { FamilyNormalizers } from "../types.js";

export const commitCommentNormalizers = {
  commit_comment: (payload, actor) => {
    const comment = payload.comment;
    const sha = shortSha(comment.commit_id);
    return {
      subject: { type: "commit", number: null, title: sha, state: null, url: `${payload.repository.html_url}/commit/${comment.commit_id}` },
      summary: `${actor} commented on commit ${sha}${comment.path ? ` (${comment.path})` : ""}`,
      details: compact({ commit: sha, path: comment.path, line: comment.line, comment_body: excerpt(comment.body), comment_url: comment.html_url }),
      texts: [comment.body],
    };
  },
} satisfies Partial<FamilyNormalizers>;
