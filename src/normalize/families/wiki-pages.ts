import { compact } from "../pick.js";
import { count, excerpt, quote, shortSha } from "../text.js";
import type { FamilyNormalizers, PayloadOf } from "../types.js";

const BUILD_OUTCOMES: Record<string, string> = { built: "succeeded", errored: "failed", building: "started" };

function describeWiki(payload: PayloadOf<"gollum">, actor: string): string {
  const [page] = payload.pages;
  if (payload.pages.length === 1 && page) return `${actor} ${page.action} wiki page ${quote(page.title)}`;
  return `${actor} updated ${count(payload.pages.length, "wiki page")}`;
}

export const wikiPagesNormalizers = {
  gollum: (payload, actor) => {
    const [page] = payload.pages;
    return {
      subject: payload.pages.length === 1 && page ? { type: "wiki_page", number: null, title: page.title, state: page.action, url: page.html_url } : null,
      summary: describeWiki(payload, actor),
      details: { pages: payload.pages.slice(0, 10).map(({ title, action }) => ({ title, action })) },
      texts: payload.pages.slice(0, 10).flatMap(({ title, summary }) => [title, summary ?? ""]),
    };
  },
  page_build: (payload) => {
    const build = payload.build;
    return {
      subject: null,
      summary: `GitHub Pages build ${BUILD_OUTCOMES[build.status] ?? build.status}${build.commit ? ` for ${shortSha(build.commit)}` : ""}`,
      details: compact({ status: build.status, commit: shortSha(build.commit), duration_ms: build.duration, error: excerpt(build.error.message, 200) }),
      texts: [],
    };
  },
} satisfies Partial<FamilyNormalizers>;
