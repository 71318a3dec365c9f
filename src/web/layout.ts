import type { Principal } from "../auth/principal.js";
import { html, type Html } from "./html.js";

export type Section = "feed" | "activity" | "deliveries" | "access" | "sign-in";

export interface PageOptions {
  title: string;
  section: Section;
  /** Null on the sign-in page. */
  principal: Principal | null;
  body: Html;
  /** A line above the content: what the last action did, or what went wrong. */
  notice?: { kind: "ok" | "error"; text: string } | null;
}

function navigation(principal: Principal, section: Section): Html {
  const links: [Section, string, string, boolean][] = [
    ["feed", "/", "Live feed", true],
    ["activity", "/activity", "Activity", true],
    ["deliveries", "/deliveries", "Deliveries", principal.isAdmin],
    ["access", "/access", "Access", principal.isAdmin],
  ];
  return html`<nav aria-label="Console">
    <ul>
      ${links.filter(([, , , shown]) => shown).map(([name, href, label]) => html`<li><a href="${href}"${name === section ? html` aria-current="page"` : ""}>${label}</a></li>`)}
    </ul>
    <form method="post" action="/sign-out" class="sign-out">
      <input type="hidden" name="csrf" value="${principal.csrfToken ?? ""}">
      <span class="who">${principal.name}${principal.isAdmin ? " (admin)" : ""}</span>
      <button type="submit">Sign out</button>
    </form>
  </nav>`;
}

/** The page shell: the same header, navigation and assets on every page; nothing inline, as the CSP wants. */
export function layout({ title, section, principal, body, notice }: PageOptions): Html {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · Code Buddy</title>
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/console.css">
  ${principal?.csrfToken ? html`<meta name="csrf-token" content="${principal.csrfToken}">` : ""}
  <script type="module" src="/assets/console.js"></script>
</head>
<body>
  <header>
    <a class="brand" href="/">Code Buddy</a>
    ${principal ? navigation(principal, section) : ""}
  </header>
  <main id="main">
    <h1>${title}</h1>
    ${notice ? html`<p class="notice ${notice.kind}" role="status">${notice.text}</p>` : ""}
    ${body}
  </main>
</body>
</html>
`;
}

/** "2026-12-01 20:51:03 UTC" inside a <time> that machines read too. */
export function time(value: Date | string | null): Html {
  if (value === null) return html`<span class="muted">never</span>`;
  const date = typeof value === "string" ? new Date(value) : value;
  return html`<time datetime="${date.toISOString()}">${date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, " UTC")}</time>`;
}

/** The hidden field every state-changing form carries. */
export function csrfField(principal: Principal): Html {
  return html`<input type="hidden" name="csrf" value="${principal.csrfToken ?? ""}">`;
}
