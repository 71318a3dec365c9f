import type { Logger } from "pino";
import type { EventBus, StoredEvent } from "../events/event-bus.js";
import type { OutboxRoute } from "../store/events.js";
import { recordAttempt } from "./attempts.js";
import { releaseClaims } from "./claim.js";
import type { PushConfig } from "../config.js";
import type { Fetch, SendResult } from "./http-post.js";
import { claimJobs, type Job } from "./jobs.js";
import { sendJob } from "./send-job.js";
import { SubscriptionTargets } from "./subscription-targets.js";
import type { WorkerSql } from "./worker-sql.js";

export interface WorkerDeps {
  /** The worker's connection to the database (see openWorkerSql). */
  sql: WorkerSql;
  log: Logger;
  clock: () => Date;
  config: PushConfig;
  /** Wakes the worker as soon as this process stores an event… */
  bus?: EventBus;
  /** …that has outbox rows in a queue this worker is not already sending from (the directory's route). */
  route?: OutboxRoute;
  fetch?: Fetch;
  random?: () => number;
  /** Told of every recorded try (metrics). */
  observe?: DeliveryObserver;
}

export type DeliveryObserver = (job: Job, result: SendResult, now: Date) => void;

/** Jobs one worker sends at once, over all subscriptions. */
const MAX_IN_FLIGHT = 64;

/**
 * Sends the outbox: claims due deliveries (claim.ts), sends each job, records
 * the try (attempts.ts). It claims when this process stores an event for a
 * queue it is not sending from already, when a send ends (the next delivery of
 * that queue may go), when a retry it scheduled falls due, and every poll
 * interval (other instances' rows, leases of crashed workers).
 */
export class DeliveryWorker {
  readonly #deps: WorkerDeps;
  readonly #fetch: Fetch;
  readonly #random: () => number;
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  /** The orderKeys of the jobs in flight: a new row in one of them can only go once that job ends. */
  readonly #busyKeys = new Set<string>();
  readonly #targets: SubscriptionTargets;
  #claiming: Promise<void> | null = null;
  #claimAgain = false;
  #stopped = false;
  #unsubscribe: () => void = () => {};
  #poll: NodeJS.Timeout | null = null;
  #retry: { at: number; timer: NodeJS.Timeout } | null = null;

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
    this.#fetch = deps.fetch ?? fetch;
    this.#random = deps.random ?? Math.random;
    this.#targets = new SubscriptionTargets(deps.sql);
  }

  start(): void {
    const route = this.#deps.route;
    const wakeFor = (stored: StoredEvent) => {
      if (!route || route(stored.event).some((entry) => !this.#busyKeys.has(entry.orderKey))) this.wake();
    };
    this.#unsubscribe = this.#deps.bus?.subscribe(wakeFor) ?? (() => {});
    this.#poll = setInterval(() => this.wake(), this.#deps.config.delivery.pollIntervalMs);
    this.#poll.unref();
    this.wake();
  }

  /** Claims what is due now; calls while a claim runs fold into one more round. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#claiming) {
      this.#claimAgain = true;
      return;
    }
    this.#claiming = this.#claimRounds().finally(() => {
      this.#claiming = null;
    });
  }

  /** Aborts the requests in flight and gives their rows back, so that another worker sends them at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#poll) clearInterval(this.#poll);
    if (this.#retry) clearTimeout(this.#retry.timer);
    this.#abort.abort();
    await this.#claiming;
    await Promise.all(this.#inFlight);
  }

  async #claimRounds(): Promise<void> {
    do {
      this.#claimAgain = false;
      try {
        await this.#claimRound();
      } catch (error) {
        this.#deps.log.error({ err: error }, "could not claim deliveries; trying again at the next poll");
        return;
      }
    } while (this.#claimAgain && !this.#stopped);
  }

  async #claimRound(): Promise<void> {
    const { sql, clock, config } = this.#deps;
    const room = MAX_IN_FLIGHT - this.#inFlight.size;
    if (room <= 0) return;
    const now = clock();
    const request = { now, leaseUntil: new Date(now.getTime() + config.delivery.leaseMs), limit: room, perSubscription: config.delivery.concurrencyPerSubscription };
    const jobs = await claimJobs(sql, this.#targets, request, config.letta.maxEventsPerMessage);
    for (const job of jobs) this.#track(job);
    if (jobs.length === room) this.#claimAgain = true;
  }

  #track(job: Job): void {
    this.#busyKeys.add(job.orderKey);
    const task = this.#send(job)
      .catch((error: unknown) =>
        this.#deps.log.error({ err: error, subscription: job.subscription.name }, "could not record a delivery attempt; it is retried when its lease expires"),
      )
      .finally(() => {
        this.#inFlight.delete(task);
        this.#busyKeys.delete(job.orderKey);
        this.wake();
      });
    this.#inFlight.add(task);
  }

  async #send(job: Job): Promise<void> {
    const { sql, clock, config, log } = this.#deps;
    const startedAt = clock();
    const result = await sendJob({ fetch: this.#fetch, clock }, config, job, this.#abort.signal);
    // Stopping cut the request short: untried, not failed. (An answer that came first is recorded as usual.)
    if (this.#abort.signal.aborted && result.outcome !== "delivered") {
      await releaseClaims(
        sql,
        job.deliveries.map((delivery) => delivery.id),
        job.leaseUntil,
      );
      return;
    }
    log.debug(
      { subscription: job.subscription.name, deliveries: job.deliveries.length, outcome: result.outcome, status: result.statusCode, ms: result.durationMs },
      "delivery attempt",
    );
    const now = clock();
    const due = await recordAttempt({ sql, config: config.delivery, random: this.#random, log }, job, result, startedAt, now);
    this.#deps.observe?.(job, result, now);
    if (due) this.#wakeAt(due);
  }

  /** One timer, for the earliest retry this worker scheduled; later ones are found by it or by the poll. */
  #wakeAt(due: Date): void {
    const at = due.getTime();
    if (this.#stopped || (this.#retry && this.#retry.at <= at)) return;
    if (this.#retry) clearTimeout(this.#retry.timer);
    // +1: a timer may fire within the millisecond before `at`, when the row is not due yet.
    const delay = Math.max(0, at - this.#deps.clock().getTime()) + 1;
    const timer = setTimeout(() => {
      this.#retry = null;
      this.wake();
    }, delay);
    timer.unref();
    this.#retry = { at, timer };
  }
}
