import { html, type Html } from "../html.js";
import { layout } from "../layout.js";

/** Another way in, offered on the sign-in page: Sign in with GitHub, when it is configured. */
export interface SignInOption {
  label: string;
  /** A path on this server that starts that sign-in; the page adds ?next= so the person lands where they were going. */
  path: string;
}

export interface SignInPage {
  /** Where to go once signed in: a path on this server. */
  next: string;
  options: readonly SignInOption[];
  error?: string | null;
}

/** Sign-in: a cb_ token pasted once (kept by the browser only as an HttpOnly session cookie), or the other options. */
export function signInPage({ next, options, error = null }: SignInPage): Html {
  const body = html`
    ${
      options.length > 0
        ? html`<ul class="sign-in-options">${options.map((option) => html`<li><a class="button primary" href="${option.path}?${new URLSearchParams({ next }).toString()}">${option.label}</a></li>`)}</ul>
        <p class="muted">or</p>`
        : ""
    }
    <form method="post" action="/sign-in" class="stacked" id="sign-in">
      <input type="hidden" name="next" value="${next}">
      <label>Token <input type="password" name="token" required autocomplete="off" spellcheck="false" placeholder="cb_…"></label>
      <span class="hint">A token made with <code>code-buddy token create &lt;name&gt; --repo "*"</code> (add <code>--admin</code> to manage deliveries and tokens). It is checked, then forgotten: the browser keeps only a session.</span>
      <button type="submit" class="primary">Sign in</button>
    </form>`;
  return layout({ title: "Sign in", section: "sign-in", principal: null, body, notice: error ? { kind: "error", text: error } : null });
}
