import { oneLine, truncate } from "./text.js";

const MAX_SEARCH_TEXT = 4000;

/** The text indexed for full-text search: the summary first (so it survives the bound), then the family's texts. */
export function searchText(summary: string, texts: readonly string[]): string {
  const lines = [summary, ...texts].map(oneLine).filter((line) => line !== "");
  return truncate([...new Set(lines)].join("\n"), MAX_SEARCH_TEXT);
}
