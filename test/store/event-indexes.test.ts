import { readFileSync } from "node:fs";
import { indexHolds, LIST_INDEXES } from "../../src/store/event-indexes.js";

/** The Event model's fields by name, with their column names, and its @@index lists, read from the schema. */
function eventModel(): { columns: Map<string, string>; indexes: string[][] } {
  const schema = readFileSync(new URL("../../prisma/models.prisma", import.meta.url), "utf8");
  const body = /^model Event \{\n([\s\S]*?)\n\}/m.exec(schema)![1]!;
  const columns = new Map<string, string>();
  const indexes: string[][] = [];
  for (const line of body.split("\n").map((text) => text.trim())) {
    const index = /^@@index\(\[([^\]]+)\]/.exec(line);
    if (index) indexes.push(index[1]!.split(",").map((field) => field.trim()));
    const field = /^(\w+)\s+\w+[?[\]]*(?:\s.*)?$/.exec(line);
    if (field && !line.startsWith("//")) columns.set(field[1]!, /@map\("([^"]+)"\)/.exec(line)?.[1] ?? field[1]!);
  }
  return { columns, indexes };
}

describe("the list indexes the query layer plans with", () => {
  test("are the schema's indexes of the form [leading column, occurredAt, …], carrying the same columns", () => {
    const { columns, indexes } = eventModel();
    const inSchema = indexes
      .filter((fields) => fields[1] === "occurredAt")
      .map((fields) => fields.map((field) => columns.get(field) ?? `unknown field ${field}`))
      .map(([leading, , ...carried]) => [leading, carried]);
    expect(Object.fromEntries(inSchema)).toEqual(LIST_INDEXES);
  });

  test("an index holds its leading column and what it carries, nothing else", () => {
    expect(indexHolds("owner", "owner")).toBe(true);
    expect(indexHolds("owner", "event_type")).toBe(true);
    expect(indexHolds("actor", "private")).toBe(true);
    expect(indexHolds("event_type", "repository")).toBe(false);
    expect(indexHolds("repository", "action")).toBe(false);
  });
});
