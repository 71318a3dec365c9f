// GitHub does not notify for mentions inside code, so fenced blocks and inline code are blanked out first.
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

// A login: 1–39 alphanumerics or inner hyphens. It must not follow a word character (emails, `foo@bar`),
// another @ or a slash, and must not continue into a team (`@org/team`), a host (`@example.com`) or more login characters.
const MENTION = /(?<![\w@/-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?)(?![\w/-]|\.\w)/g;

/** The unique @logins mentioned in `texts`, in order of first appearance, deduplicated case-insensitively. */
export function extractMentions(texts: readonly string[]): string[] {
  const found = new Map<string, string>();
  for (const text of texts) {
    for (const match of text.replace(CODE, " ").matchAll(MENTION)) {
      // The pattern has one group, which every match fills.
      const login = match[1]!;
      const key = login.toLowerCase();
      if (!found.has(key)) found.set(key, login);
    }
  }
  return [...found.values()];
}
