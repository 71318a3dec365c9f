/**
 * Tells the parent where the server listens (one JSON line on stdout), then
 * closes it on SIGTERM. The explicit exit matters: --cpu-prof writes its
 * profile only when the process exits by itself, not when a signal kills it.
 */
export function announce(url, close) {
  process.once("SIGTERM", () =>
    close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    ),
  );
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}
