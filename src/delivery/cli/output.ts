import { DeliveryError } from "../errors.js";

/** Where a command writes: stdout for results, stderr for problems. Tests pass their own. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: CommandIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** A timestamp to the second, as the token commands print them. */
export const when = (date: Date | null) => (date === null ? "-" : date.toISOString().replace(/\.\d{3}Z$/, "Z"));

/** One line, at most `max` characters. */
export function oneLine(text: string | null, max: number): string {
  if (text === null || text === "") return "-";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Rows under a header, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
}

/** A command line that is not understood: answered with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

const isParseArgsError = (error: unknown) => String((error as { code?: unknown } | null)?.code).startsWith("ERR_PARSE_ARGS");

/**
 * Runs a command and turns the operator's mistakes into an exit code: 2 and
 * the usage for a command line that is not understood, 1 and the message for
 * a request that cannot be done. Anything else (the database down…) propagates.
 */
export async function runCommand(io: CommandIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`${(error as Error).message}\n\nUsage:\n${usage}`);
      return 2;
    }
    if (!(error instanceof DeliveryError)) throw error;
    io.err(error.message);
    return 1;
  }
}
