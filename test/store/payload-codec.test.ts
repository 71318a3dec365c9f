import { decodePayload, encodePayload } from "../../src/store/payload-codec.js";
import { EXAMPLES } from "../support/webhooks.js";

describe("payload codec", () => {
  const bodies = EXAMPLES.flatMap(({ examples }) => examples.map((payload) => Buffer.from(JSON.stringify(payload))));

  test("round-trips every example payload byte for byte", () => {
    for (const body of bodies) {
      const { codec, data } = encodePayload(body);
      expect(decodePayload(codec, new Uint8Array(data)).equals(body)).toBe(true);
    }
  });

  test("stores the average example payload at least 6x smaller", () => {
    const raw = bodies.reduce((sum, body) => sum + body.length, 0);
    const stored = bodies.reduce((sum, body) => sum + encodePayload(body).data.length, 0);
    expect(raw / stored).toBeGreaterThan(6);
  });

  test("refuses a codec it does not know with a reason", () => {
    expect(() => decodePayload("zstd-9", new Uint8Array([1, 2, 3]))).toThrow(/Unknown payload codec "zstd-9".*newer Code Buddy/);
  });
});
