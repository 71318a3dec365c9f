const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content or a quoted attribute: every GitHub- or client-provided string goes through this. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A whole page, readable without JavaScript and on a phone. `body` must already be escaped. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Code Buddy</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}.box{border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin:1rem 0}
.warn{background:#fff8c5;border-color:#d4a72c}code{background:#f6f8fa;padding:0 .2rem;border-radius:3px;word-break:break-all}
button{font:inherit;padding:.5rem 1.2rem;margin-right:.5rem;border-radius:6px;border:1px solid #d0d7de;cursor:pointer}
button.primary{background:#1f883d;color:#fff;border-color:#1f883d}ul{padding-left:1.2rem}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}
