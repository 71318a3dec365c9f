/** A cookie as a browser keeps it: sent to the paths under `path`. */
interface Cookie {
  value: string;
  path: string;
}

export interface Page {
  url: string;
  status: number;
  html: string;
  headers: Headers;
}

/** The first form of a page: where it posts, and its hidden fields. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in the page:\n${html}`);
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, "&")]));
  return { action: action.replace(/&amp;/g, "&"), fields };
}

/**
 * Just enough of a browser for sign-in flows: a cookie jar (path-scoped,
 * Max-Age=0 and past Expires delete) and redirects followed one by one, so a
 * test sees each page and can stop where the flow leaves for the client.
 */
export class HttpBrowser {
  readonly #cookies = new Map<string, Cookie>();

  cookie(name: string): string | undefined {
    return this.#cookies.get(name)?.value;
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies]
      .filter(([, cookie]) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`) || cookie.path === "/")
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join("; ");
  }

  #remember(response: Response, url: URL): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const [name, ...value] = pair!.split("=");
      const attrs = new Map(attributes.map((attribute) => [attribute.split("=")[0]!.toLowerCase(), attribute.split("=").slice(1).join("=")]));
      const expires = attrs.get("expires");
      const gone = attrs.get("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) this.#cookies.delete(name!);
      else this.#cookies.set(name!, { value: value.join("="), path: attrs.get("path") ?? url.pathname.replace(/\/[^/]*$/, "/") });
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(target, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: this.#cookieHeader(target) } });
    this.#remember(response, target);
    return response;
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  }

  /**
   * Follows `response`'s redirects until one points under `leaveAt` (returned as `left`), or a page
   * answers (returned as `page`).
   */
  async follow(start: Response | string, leaveAt: string): Promise<{ left?: URL; page?: Page }> {
    let response = typeof start === "string" ? await this.request(start) : start;
    let url = typeof start === "string" ? start : response.url;
    for (let hops = 0; hops < 20; hops += 1) {
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || location === null)
        return { page: { url, status: response.status, html: await response.text(), headers: response.headers } };
      const next = new URL(location, url);
      if (next.href.startsWith(leaveAt)) return { left: next };
      url = next.href;
      response = await this.request(url);
    }
    throw new Error("too many redirects");
  }
}
