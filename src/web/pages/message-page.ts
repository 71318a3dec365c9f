import type { Principal } from "../../auth/principal.js";
import { html, type Html } from "../html.js";
import { layout, type Section } from "../layout.js";

/** A page that only says something: not found, not allowed. */
export function messagePage(principal: Principal | null, section: Section, title: string, text: string): Html {
  return layout({ title, section, principal, body: html`<p>${text}</p><p><a href="/">Back to the live feed</a></p>` });
}
