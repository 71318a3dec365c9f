import { compact } from "../pick.js";
import { excerpt, quote, words } from "../text.js";
import type { FamilyNormalizers } from "../types.js";

/** "v1.2.0", or `"Dark mode" (v1.2.0)` when the release has a name of its own. */
function releaseLabel(tag: string, name: string | null): string {
  return name && name !== tag ? `${quote(name)} (${tag})` : tag;
}

const PHRASES: Record<string, string> = {
  published: "published release",
  prereleased: "published pre-release",
  released: "released",
};

const ANNOUNCES_BODY = new Set(["created", "edited", "published"]);

export const releaseNormalizers = {
  release: (payload, actor) => {
    const release = payload.release;
    const label = releaseLabel(release.tag_name, release.name);
    const phrase = PHRASES[payload.action] ?? `${words(payload.action)} ${release.draft ? "draft " : ""}release`;
    return {
      subject: {
        type: "release",
        number: null,
        title: release.name || release.tag_name,
        state: release.draft ? "draft" : release.prerelease ? "prerelease" : "published",
        url: release.html_url,
      },
      summary: `${actor} ${phrase} ${label}`,
      details: compact({
        tag: release.tag_name,
        name: release.name || undefined,
        draft: release.draft,
        prerelease: release.prerelease,
        target: release.target_commitish,
        author: release.author?.login,
        assets: release.assets.length,
        body: excerpt(release.body),
      }),
      texts: ANNOUNCES_BODY.has(payload.action) ? [release.name ?? "", release.body ?? ""] : [release.name ?? ""],
    };
  },
} satisfies Partial<FamilyNormalizers>;
