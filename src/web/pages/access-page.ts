import type { SessionInfo } from "../../auth/console-sessions.js";
import type { Principal } from "../../auth/principal.js";
import type { TokenInfo } from "../../auth/tokens.js";
import { html, type Html } from "../html.js";
import { csrfField, layout, time, type PageOptions } from "../layout.js";

export interface AccessPage {
  principal: Principal;
  tokens: TokenInfo[];
  sessions: SessionInfo[];
  /** A token just created: shown this once. */
  created?: { name: string; secret: string } | null;
  /** What the create form held when it was refused, to fill it again. */
  form?: { name: string; repositories: string; private: boolean; admin: boolean };
  notice?: PageOptions["notice"];
}

function tokensTable(principal: Principal, tokens: TokenInfo[]): Html {
  if (tokens.length === 0) return html`<p class="empty">No tokens.</p>`;
  return html`<div class="table-wrap"><table id="tokens">
    <thead><tr><th scope="col">Name</th><th scope="col">Repositories</th><th scope="col">Private</th><th scope="col">Admin</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"></th></tr></thead>
    <tbody>${tokens.map(
      (token) => html`<tr data-token="${token.name}">
        <td>${token.name}</td>
        <td>${token.repositories.join(", ")}</td>
        <td>${token.allowPrivate ? "yes" : "no"}</td>
        <td>${token.admin ? "yes" : "no"}</td>
        <td>${time(token.createdAt)}</td>
        <td>${time(token.lastUsedAt)}</td>
        <td>${principal.id.startsWith("token:") && token.name === principal.name ? html`<span class="muted">yours</span>` : html`<form method="post" action="/access/tokens/${encodeURIComponent(token.name)}/revoke" class="inline" data-confirm="Revoke ${token.name}? Its requests, sessions and streams end.">${csrfField(principal)}<button type="submit" class="danger">Revoke</button></form>`}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

function sessionsTable(sessions: SessionInfo[]): Html {
  if (sessions.length === 0) return html`<p class="empty">Nobody is signed in.</p>`;
  return html`<div class="table-wrap"><table id="sessions">
    <thead><tr><th scope="col">Who</th><th scope="col">Browser</th><th scope="col">Signed in</th><th scope="col">Last seen</th><th scope="col">Until</th></tr></thead>
    <tbody>${sessions.map(
      (session) =>
        html`<tr><td>${session.name}${session.via === "github" ? html` <span class="muted">(GitHub)</span>` : ""}${session.admin ? " (admin)" : ""}</td><td class="muted">${session.userAgent ?? ""}</td><td>${time(session.createdAt)}</td><td>${time(session.lastSeenAt)}</td><td>${time(session.expiresAt)}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

/** Access: the tokens (create one, shown once; revoke), and who is signed in to the console. */
export function accessPage({ principal, tokens, sessions, created = null, form, notice = null }: AccessPage): Html {
  const body = html`
    ${
      created
        ? html`<section class="created" aria-live="polite">
          <h2>Token "${created.name}"</h2>
          <p>Copy it now: it is not stored and cannot be shown again. Clients send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
          <p><input class="secret" id="created-token" readonly value="${created.secret}" aria-label="The new token"></p>
        </section>`
        : ""
    }
    <h2>Tokens</h2>
    ${tokensTable(principal, tokens)}
    <h2>Create a token</h2>
    <form method="post" action="/access/tokens" class="stacked" id="create-token">
      ${csrfField(principal)}
      <label>Name <input name="name" required pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}" value="${form?.name ?? ""}" autocomplete="off"></label>
      <label>Repositories <textarea name="repositories" required rows="3" placeholder="octo-org/hello&#10;octo-org/*&#10;*">${form?.repositories ?? ""}</textarea></label>
      <span class="hint">One pattern a line (or comma-separated): owner/name, owner/* or *.</span>
      <label class="check"><input type="checkbox" name="private" value="on"${form?.private ? html` checked` : ""}> Private repositories too</label>
      <label class="check"><input type="checkbox" name="admin" value="on"${form?.admin ? html` checked` : ""}> Admin: may manage subscriptions, deliveries and tokens</label>
      <button type="submit" class="primary">Create token</button>
    </form>
    <h2>Signed in</h2>
    ${sessionsTable(sessions)}`;
  return layout({ title: "Access", section: "access", principal, body, notice });
}
