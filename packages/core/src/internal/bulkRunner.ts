/**
 * The engine of a bulk run, one request per item: concurrency, a shared rate
 * limit, pauses for rate limits, the stop rules, one outcome per item in
 * input order. `BulkErasure` and `BulkExport` are this engine with their
 * call and their outcomes.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import { type DeleteProfileError, type InvalidProfileLookup, isConfirmedNotFound } from "../AdaptyError.js"
import type { ErasureStopped, Options } from "../BulkErasure.js"
import { check, type ProfileLookup, toError } from "../ProfileLookup.js"
import { ProfileService } from "../ProfileService.js"
import * as OrderedPool from "./orderedPool.js"
import * as RateLimiter from "./rateLimiter.js"

/**
 * Why and how a run stopped: the fields of `ErasureStopped` and of
 * `ExportStopped`.
 *
 * @internal
 */
export type StopFields = ConstructorParameters<typeof ErasureStopped>[0]

/**
 * The error of a call, once the lookup was valid. `getProfile` fails the
 * same ways as `deleteProfile`.
 *
 * @internal
 */
export type CallError = Exclude<DeleteProfileError, InvalidProfileLookup>

/**
 * What a run does with each item: the call, and the outcome of each way it
 * can end. Built once per run: nothing here is allocated per item.
 *
 * @internal
 */
export interface Spec<A, B, O, S> {
  readonly call: (service: ProfileService["Type"], lookup: ProfileLookup) => Effect.Effect<B, DeleteProfileError>
  readonly succeeded: (index: number, item: A, value: B) => O
  readonly notFound: (index: number, item: A) => O
  readonly invalid: (index: number, item: A, error: InvalidProfileLookup) => O
  readonly failed: (index: number, item: A, error: CallError) => O
  readonly stopped: (fields: StopFields) => S
}

/**
 * The message of a stopped run: `what` is "Erasure" or "Export".
 *
 * @internal
 */
export const stopMessage = (what: string, stop: StopFields): string => {
  switch (stop.reason) {
    case "Unauthorized":
      return `${what} stopped: Adapty refused the API key (HTTP 401); nothing more was sent`
    case "RateLimitPause": {
      const retryAfter = "retryAfter" in stop.error ? stop.error.retryAfter : undefined
      return `${what} stopped: Adapty asked to wait ${retryAfter === undefined ? "longer" : Duration.format(retryAfter)}` +
        (stop.maxPause === undefined ? "" : `, more than the longest pause allowed (${Duration.format(stop.maxPause)})`) +
        "; nothing more was sent"
    }
    case "ConsecutiveFailures": {
      const hint = stop.error._tag === "UnexpectedResponse" || stop.error._tag === "ProfileNotFound"
        ? " (the server does not answer as Adapty's API does: check the base URL)"
        : ""
      return `${what} stopped: ${stop.failures ?? "several"} calls in a row failed${hint}; the last: ${stop.error.message}`
    }
  }
}

// Effect's timers never fire past 2^31 - 1 ms: a longer sleep would hang.
const maxTimerMillis = 2 ** 31 - 1

// A count option: NaN is the default, the rest is floored into [min, max].
const whole = (n: number | undefined, fallback: number, min: number, max: number): number =>
  n === undefined || Number.isNaN(n) ? fallback : Math.min(max, Math.max(min, Math.floor(n)))

const clampPause = (input: Duration.DurationInput): Duration.Duration =>
  Duration.millis(Math.min(maxTimerMillis, Math.max(0, Duration.toMillis(Duration.decode(input)))))

// Sent in place of a call once the run has stopped: never a service's error.
const halted = Symbol.for("@effect-adapty/core/BulkErasure/halted")

/**
 * Runs `spec.call` for every item; see `BulkErasure.eraseAllBy` for the
 * rules.
 *
 * @internal
 */
export const run = <A, E, R, B, O, S>(
  items: Stream.Stream<A, E, R>,
  lookupOf: (item: A) => ProfileLookup,
  options: Omit<Options<A>, "onOutcome"> & { readonly onOutcome?: ((outcome: O) => Effect.Effect<void>) | undefined },
  spec: Spec<A, B, O, S>
): Stream.Stream<O, E | S, R | ProfileService> => {
  const concurrency = whole(options.concurrency, 8, 1, 4096)
  const rateLimitRetries = whole(options.rateLimitRetries, 5, 0, 1000)
  const maxConsecutiveFailures = whole(options.maxConsecutiveFailures, 10, 1, Infinity)
  const defaultPause = clampPause(options.rateLimitPause ?? Duration.seconds(1))
  const maxPause = clampPause(options.maxRateLimitPause ?? Duration.minutes(10))
  const { onOutcome, onPause } = options
  return Stream.unwrap(
    Effect.gen(function*() {
      const service = yield* ProfileService
      // Plain state, read and written within synchronous steps of the workers.
      let stopped: S | undefined
      let failuresInARow = 0
      // Wakes the workers that wait out a pause or a rate slot, once stopped.
      const halt = yield* Deferred.make<void>()
      const limiter = RateLimiter.make({
        ratePerMinute: options.ratePerMinute,
        halted: Deferred.await(halt),
        isHalted: () => stopped !== undefined
      })

      const stopWith = (fields: StopFields): void => {
        if (stopped !== undefined) return
        stopped = spec.stopped(fields)
        Deferred.unsafeDone(halt, Exit.void)
      }
      const stop = (fields: StopFields): Effect.Effect<undefined> => {
        stopWith(fields)
        return Effect.succeed(undefined)
      }
      const failed = (index: number, item: A, error: CallError) => {
        failuresInARow++
        const outcome = spec.failed(index, item, error)
        if (failuresInARow >= maxConsecutiveFailures) {
          stopWith({ reason: "ConsecutiveFailures", error, failures: failuresInARow })
        }
        return Effect.succeed(outcome)
      }
      // Every worker pauses, announced once, before the item is sent again.
      const pauseThenResend = (
        pause: Duration.Duration,
        resend: Effect.Effect<O | undefined>
      ): Effect.Effect<O | undefined> =>
        Effect.flatMap(limiter.penalize(pause), (began) =>
          Effect.zipRight(began === undefined || onPause === undefined ? Effect.void : onPause(began), resend))
      const answered = (outcome: O) => {
        failuresInARow = 0
        limiter.recover()
        return Effect.succeed(outcome)
      }
      // Checked when the call's rate slot comes, right before sending.
      const call = (lookup: ProfileLookup): Effect.Effect<B, DeleteProfileError | typeof halted> =>
        Effect.suspend((): Effect.Effect<B, DeleteProfileError | typeof halted> =>
          stopped === undefined ? spec.call(service, lookup) : Effect.fail(halted)
        )

      // An outcome, or `undefined` for an item that stays pending.
      const send = (
        lookup: ProfileLookup,
        index: number,
        item: A,
        retries: number
      ): Effect.Effect<O | undefined> => {
        const settle = (error: DeleteProfileError | typeof halted): Effect.Effect<O | undefined> => {
          if (error === halted) return Effect.succeed(undefined)
          switch (error._tag) {
            case "ProfileNotFound":
              return isConfirmedNotFound(error) ? answered(spec.notFound(index, item)) : failed(index, item, error)
            case "InvalidProfileLookup":
              return Effect.succeed(spec.invalid(index, item, error))
            case "Unauthorized":
              return stop({ reason: "Unauthorized", error })
            // A 429, or a 503 that says when to come back: a pause for the
            // whole run, or its end when the wait is longer than allowed.
            case "RateLimited":
            case "ServerError": {
              const pause = error.retryAfter ?? (error._tag === "RateLimited" ? defaultPause : undefined)
              if (pause === undefined) return failed(index, item, error)
              if (Duration.greaterThan(pause, maxPause)) return stop({ reason: "RateLimitPause", error, maxPause })
              if (retries >= rateLimitRetries) return failed(index, item, error)
              return pauseThenResend(pause, send(lookup, index, item, retries + 1))
            }
            default:
              return failed(index, item, error)
          }
        }
        return Effect.matchCauseEffect(limiter.limit(call(lookup)), {
          onSuccess: (value) => answered(spec.succeeded(index, item, value)),
          // Most of an erasure ends in a failure (not_found): a cause that is
          // one failure is handled directly, without `matchEffect`'s search
          // of the cause for defects. Any other cause goes through `catchAll`
          // (that search): a defect stays a defect, an interruption an
          // interruption.
          onFailure: (cause) =>
            Cause.isFailType(cause) ? settle(cause.error) : Effect.catchAll(Effect.failCause(cause), settle)
        })
      }

      const process = (item: A, position: number): Effect.Effect<O | undefined> => {
        // An invalid lookup takes no rate slot: nothing would be sent.
        const checked = check(lookupOf(item))
        const outcome: Effect.Effect<O | undefined> = Either.isLeft(checked)
          ? Effect.succeed(spec.invalid(position, item, toError(checked.left)))
          : send(checked.right, position, item, 0)
        return onOutcome === undefined
          ? outcome
          : Effect.tap(outcome, (settled) => settled === undefined ? Effect.void : onOutcome(settled))
      }

      // Wide enough that a retry's backoff (up to 8 s by default) does not
      // stall the workers at loopback speed; a slot is a few hundred bytes.
      return OrderedPool.mapOrdered(items, process, {
        concurrency,
        window: Math.max(concurrency * 64, 16_384),
        halted: () => stopped !== undefined
      }).pipe(
        Stream.filter((outcome): outcome is O => outcome !== undefined),
        Stream.concat(Stream.suspend(() => stopped === undefined ? Stream.empty : Stream.fail(stopped)))
      )
    })
  )
}
