import { html, type Html } from "../html.js";
import { layout } from "../layout.js";

/** The sign-in's pages share the console's shell, without its navigation: nobody is signed in to the console here. */
const page = (title: string, body: Html) => layout({ title, section: "sign-in", principal: null, body });

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
const list = (items: readonly string[]) => items.map((item, index) => html`${index > 0 ? ", " : ""}<code>${item}</code>`);

/** "<client> wants to read the GitHub events you can see in <orgs>": one form, Allow and Deny, readable without script. */
export function consentPage(view: ConsentPageView): Html {
  const member = view.accounts.filter((account) => !view.ownerOf.some((owned) => owned.toLowerCase() === account.toLowerCase()));
  return page(
    `Connect ${view.clientName}`,
    html`<p><strong>${view.clientName}</strong> wants to read the GitHub events you, <strong>@${view.login}</strong>, can see in ${list(view.accounts)} (${view.repositoryCount} ${view.repositoryCount === 1 ? "repository" : "repositories"}):</p>
      <ul>
        ${view.ownerOf.length > 0 ? html`<li>everything in ${list(view.ownerOf)}, which you own</li>` : ""}
        ${member.length > 0 ? html`<li>the repositories you can access in ${list(member)}</li>` : ""}
        <li>private repositories included only where GitHub lets you see them; what it sees follows your access on GitHub</li>
      </ul>
      <section class="notice error" aria-label="Unverified client">
        <p><strong>Unverified client.</strong> Code Buddy has not checked who runs it: the name is what the client registered itself with.</p>
        <p>Client: <code>${view.clientId}</code><br>It will be sent back to: <code>${hostOf(view.redirectUri)}</code><br>For: <code>${view.resource}</code></p>
      </section>
      <p>It will read events only; it cannot change anything on GitHub. You can revoke it at any time from the client.</p>
      <form method="post" action="${view.action}">
        <input type="hidden" name="csrf" value="${view.csrf}">
        <button class="primary" type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny">Deny</button>
      </form>`,
  );
}

/** A signed-in user who can see nothing in the installations: why, and how to get access. */
export function noAccessPage({ login, denyAction, csrf }: { login: string; denyAction: string | null; csrf: string | null }): Html {
  return page(
    "No access yet",
    html`<p>You are signed in to GitHub as <strong>@${login}</strong>, but you cannot see any repository of the accounts Code Buddy is installed on, so there is nothing for Code Buddy to show you.</p>
      <p>To get access, ask an owner of the organization to add you to it, or to a team or repository Code Buddy is installed on. Then sign in again.</p>
      ${
        denyAction && csrf
          ? html`<form method="post" action="${denyAction}"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" name="decision" value="deny">Back to the application</button></form>`
          : ""
      }`,
  );
}

export function messagePage(title: string, message: string): Html {
  return page(title, html`<p>${message}</p>`);
}

/** The authorization server's own errors (an unknown client, a bad redirect_uri…): every field it gives, as text. */
export function oauthErrorPage(details: object): Html {
  return page(
    "Sign-in could not go on",
    html`<section class="notice error">${Object.entries(details).map(([key, value]) => html`<p><strong>${key}</strong>: ${String(value)}</p>`)}</section>
      <p>Start again from the application you were connecting.</p>`,
  );
}
