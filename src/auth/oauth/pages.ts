import { escapeHtml, page } from "./html.js";

export interface ConsentPageView {
  clientName: string;
  clientId: string;
  /** Where the client will be sent back to: shown, so a person can tell who really asks. */
  redirectUri: string;
  login: string;
  /** Accounts the user owns in the installations: everything in them is visible. */
  ownerOf: readonly string[];
  /** Other accounts the user can access some repositories of. */
  accounts: readonly string[];
  repositoryCount: number;
  resource: string;
  action: string;
  csrf: string;
}

const hostOf = (uri: string) => URL.parse(uri)?.host ?? uri;
const list = (items: readonly string[]) => items.map((item) => `<code>${escapeHtml(item)}</code>`).join(", ");

/** "<client> wants to read the GitHub events you can see in <orgs>": one form, Allow and Deny, no script. */
export function consentPage(view: ConsentPageView): string {
  const member = view.accounts.filter((account) => !view.ownerOf.some((owned) => owned.toLowerCase() === account.toLowerCase()));
  const sees = [
    view.ownerOf.length > 0 ? `<li>everything in ${list(view.ownerOf)}, which you own</li>` : "",
    member.length > 0 ? `<li>the repositories you can access in ${list(member)}</li>` : "",
  ].join("");
  return page(
    `Connect ${view.clientName}`,
    `<p><strong>${escapeHtml(view.clientName)}</strong> wants to read the GitHub events you, <strong>@${escapeHtml(view.login)}</strong>, can see in ${list(view.accounts)} (${view.repositoryCount} ${view.repositoryCount === 1 ? "repository" : "repositories"}):</p>
<ul>${sees}<li>private repositories included only where GitHub lets you see them; what it sees follows your access on GitHub</li></ul>
<div class="box warn"><p><strong>Unverified client.</strong> Code Buddy has not checked who runs it: the name is what the client registered itself with.</p>
<p>Client: <code>${escapeHtml(view.clientId)}</code><br>It will be sent back to: <code>${escapeHtml(hostOf(view.redirectUri))}</code><br>For: <code>${escapeHtml(view.resource)}</code></p></div>
<p>It will read events only; it cannot change anything on GitHub. You can revoke it at any time from the client.</p>
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">
<button class="primary" type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** A signed-in user who can see nothing in the installations: why, and how to get access. */
export function noAccessPage({ login, denyAction, csrf }: { login: string; denyAction: string | null; csrf: string | null }): string {
  const back =
    denyAction && csrf
      ? `<form method="post" action="${escapeHtml(denyAction)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button type="submit" name="decision" value="deny">Back to the application</button></form>`
      : "";
  return page(
    "No access yet",
    `<p>You are signed in to GitHub as <strong>@${escapeHtml(login)}</strong>, but you cannot see any repository of the accounts Code Buddy is installed on, so there is nothing for Code Buddy to show you.</p>
<p>To get access, ask an owner of the organization to add you to it, or to a team or repository Code Buddy is installed on. Then sign in again.</p>
${back}`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<p>${escapeHtml(message)}</p>`);
}
