// @ts-check
// The console's only script: the live feed from /api/v1/events/stream, and confirmations.
// Text from GitHub goes into the page as text (textContent), never as markup.

const MAX_ITEMS = 200;

/**
 * @typedef {{ delivery_id: string, event_type: string, action: string | null, timestamp: string,
 *   repository: { full_name: string, url: string } | null, sender: { login: string } | null,
 *   organization: { login: string } | null, subject: { url: string | null } | null, summary: string }} FeedEvent
 */

/** @param {string | null | undefined} url */
function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} tag
 * @param {string} className
 * @param {string} [text]
 */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The same markup as the server's eventItem (src/web/pages/event-item.ts). @param {FeedEvent} event */
function eventItem(event) {
  const item = element("li", "event fresh");
  item.dataset.deliveryId = event.delivery_id;
  const summary = element("p", "summary");
  const link = element("a", "", event.summary);
  link.setAttribute("href", `/events/${encodeURIComponent(event.delivery_id)}`);
  summary.append(link);
  const meta = element("p", "meta");
  meta.append(element("span", "type", event.action === null ? event.event_type : `${event.event_type}.${event.action}`));
  if (event.sender) meta.append(element("span", "actor", event.sender.login));
  const place = event.repository?.full_name ?? event.organization?.login;
  if (place) meta.append(element("span", "repository", place));
  const time = element(
    "time",
    "",
    new Date(event.timestamp)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d{3}Z$/, " UTC"),
  );
  time.setAttribute("datetime", event.timestamp);
  meta.append(time);
  const github = safeUrl(event.subject?.url) ?? safeUrl(event.repository?.url);
  if (github) {
    const out = element("a", "github", "on GitHub");
    out.setAttribute("href", github);
    out.setAttribute("rel", "noopener noreferrer");
    meta.append(out);
  }
  item.append(summary, meta);
  return item;
}

/** @param {HTMLElement} list */
function follow(list) {
  const url = list.dataset.stream;
  if (!url) return;
  const status = document.getElementById("live-status");
  /** @param {string} text @param {string} state */
  const show = (text, state) => {
    if (!status) return;
    status.hidden = false;
    status.textContent = text;
    status.dataset.state = state;
  };
  const source = new EventSource(url);
  source.addEventListener("open", () => show("Live: new events appear as they are stored.", "live"));
  source.addEventListener("error", () => show(source.readyState === EventSource.CLOSED ? "Disconnected: reload the page." : "Reconnecting…", "down"));
  source.addEventListener("github", (message) => {
    /** @type {FeedEvent} */
    const event = JSON.parse(/** @type {MessageEvent} */ (message).data);
    if (list.querySelector(`li[data-delivery-id="${CSS.escape(event.delivery_id)}"]`)) return;
    document.getElementById("feed-empty")?.remove();
    list.prepend(eventItem(event));
    while (list.children.length > MAX_ITEMS) list.lastElementChild?.remove();
  });
}

const feed = document.getElementById("feed");
if (feed) follow(feed);

for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(/** @type {HTMLFormElement} */ (form).dataset.confirm ?? "Sure?")) event.preventDefault();
  });
}

document.getElementById("created-token")?.addEventListener("focus", (event) => /** @type {HTMLInputElement} */ (event.target).select());
