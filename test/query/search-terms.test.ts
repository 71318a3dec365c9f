import { decodeCursor, encodeCursor } from "../../src/query/cursor.js";
import { QueryError } from "../../src/query/errors.js";
import { fts5Query, parseSearchTerms } from "../../src/query/search-terms.js";

describe("search terms", () => {
  test("split on whitespace; punctuation-only terms dropped; a trailing * on a plain word makes a prefix", () => {
    expect(parseSearchTerms('  login  "timeout" ( deploy* v1.2* ** ')).toEqual({ words: ["login", '"timeout"', "v1.2*"], prefixes: ["deploy"] });
  });

  test("every term is quoted for FTS5, quotes doubled, so no input is an operator or a column filter", () => {
    expect(fts5Query(parseSearchTerms('foo OR ( title:bar "baz NEAR(x) deploy*'))).toBe('"foo" "OR" "title:bar" """baz" "NEAR(x)" "deploy"*');
  });

  test("too many words or none at all are refused", () => {
    expect(() => parseSearchTerms("a b c d e f g h i j k l m n o p q")).toThrow(new QueryError("query has 17 words; search for at most 16 at once."));
    expect(() => parseSearchTerms("-- ** ()")).toThrow(QueryError);
  });
});

describe("page cursors", () => {
  test("round-trip the position of the last row", () => {
    const position = { occurredAt: new Date("2026-11-21T10:00:00.123Z"), id: 42 };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  test("refuse anything this server did not issue, a re-encoding of a valid one included", () => {
    const valid = encodeCursor({ occurredAt: new Date(0), id: 1 });
    for (const forged of ["", "abc", Buffer.from("1:2:3").toString("base64url"), Buffer.from("-1:2").toString("base64url"), `${valid}=`, Buffer.from("10:2").toString("base64")]) {
      expect(() => decodeCursor(forged)).toThrow("cursor is not one this server issued; omit it to start from the newest events.");
    }
  });
});
