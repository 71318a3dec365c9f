import { EventBus, type StoredEvent } from "../../src/events/event-bus.js";
import { parseAnnouncement } from "../../src/events/postgres-announcer.js";

const stored = (id: number): StoredEvent => ({ id, private: false, event: { delivery_id: `d-${id}` } as StoredEvent["event"] });

describe("EventBus", () => {
  test("an event announced twice reaches each listener once", () => {
    const heard: number[] = [];
    const bus = new EventBus();
    bus.subscribe((event) => heard.push(event.id));
    bus.publish(stored(1));
    bus.publish(stored(2));
    bus.publish(stored(1));
    expect(heard).toEqual([1, 2]);
  });

  test("remembers a bounded number of ids, the latest", () => {
    const heard: number[] = [];
    const bus = new EventBus();
    bus.subscribe((event) => heard.push(event.id));
    for (let id = 1; id <= 5000; id++) bus.publish(stored(id));
    bus.publish(stored(5000));
    bus.publish(stored(1));
    expect(heard).toHaveLength(5001);
    expect(heard.at(-1)).toBe(1);
  });

  test("a failing listener is reported and the others still hear the event", () => {
    const errors: unknown[] = [];
    const heard: number[] = [];
    const bus = new EventBus((error) => errors.push(error));
    bus.subscribe(() => {
      throw new Error("listener broke");
    });
    bus.subscribe((event) => heard.push(event.id));
    bus.publish(stored(7));
    expect(heard).toEqual([7]);
    expect(errors).toEqual([new Error("listener broke")]);
  });
});

describe("parseAnnouncement", () => {
  test("reads the trigger's '<first id> <last id> <application_name>' and nothing else", () => {
    expect(parseAnnouncement("12 40 code-buddy 5f0c")).toEqual({ first: 12, last: 40, from: "code-buddy 5f0c" });
    expect(parseAnnouncement("7 7 ")).toEqual({ first: 7, last: 7, from: "" });
    for (const payload of [undefined, "", "12", "12 40", "40 12 x", "a b x", "-1 4 x"]) expect(parseAnnouncement(payload)).toBeNull();
  });
});
