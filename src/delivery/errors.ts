/** A subscription or delivery request the operator can fix; the message says how. `reason` tells an API which answer it is. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  constructor(
    message: string,
    readonly reason: "invalid" | "not_found" | "conflict" = "invalid",
  ) {
    super(message);
  }
}
