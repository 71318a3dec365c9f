/** A subscription or delivery request the operator can fix; the message says how. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
}
