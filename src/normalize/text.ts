/** Collapses all whitespace (newlines included) into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair: half an emoji is not valid text.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A one-line excerpt of a body or comment, or null when there is no text. */
export function excerpt(text: string | null | undefined, max = 500): string | null {
  const line = oneLine(text ?? "");
  return line === "" ? null : truncate(line, max);
}

/** A title as it appears inside a summary: one line, quoted, at most ~120 characters. */
export function quote(title: string | null | undefined): string {
  return `"${truncate(oneLine(title ?? ""), 120)}"`;
}

/** The first line of a commit message, bounded. */
export function firstLine(message: string | null | undefined, max = 200): string {
  return truncate(oneLine((message ?? "").split("\n", 1)[0] ?? ""), max);
}

export function shortSha(sha: string | null | undefined): string | null {
  return sha ? sha.slice(0, 7) : null;
}

/** "1 commit", "3 commits". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** An action name as words: "review_requested" → "review requested". */
export function words(identifier: string): string {
  return identifier.replace(/[_-]+/g, " ").trim();
}
