import { QueryError } from "./errors.js";

/** What a user's search text asks for: every word must match; a prefix matches words starting with it. */
export interface SearchTerms {
  words: string[];
  prefixes: string[];
}

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;
const PREFIX = /^([\p{L}\p{N}]+)\*+$/u;
const MAX_TERMS = 16;

/**
 * Splits search text on whitespace into terms. Operators and punctuation
 * have no special meaning ("foo OR (" looks for the words "foo" and "or"), so
 * no input is a syntax error; a term of punctuation only is dropped. A
 * trailing "*" on a plain word ("deploy*") makes it a prefix.
 */
export function parseSearchTerms(query: string): SearchTerms {
  const terms = query.split(/\s+/).filter((term) => HAS_WORD_CHARACTER.test(term));
  if (terms.length === 0) throw new QueryError(`query must contain at least one word to search for, like "login timeout"; got ${JSON.stringify(query)}.`);
  if (terms.length > MAX_TERMS) throw new QueryError(`query has ${terms.length} words; search for at most ${MAX_TERMS} at once.`);
  const words: string[] = [];
  const prefixes: string[] = [];
  for (const term of terms) {
    const prefix = PREFIX.exec(term);
    if (prefix) prefixes.push(prefix[1]!);
    else words.push(term);
  }
  return { words, prefixes };
}

/** An FTS5 query with every term quoted as a string, so none can be read as an operator or column filter. */
export function fts5Query({ words, prefixes }: SearchTerms): string {
  const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;
  return [...words.map(quote), ...prefixes.map((prefix) => `${quote(prefix)}*`)].join(" ");
}
