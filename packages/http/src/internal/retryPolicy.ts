/**
 * Which failures are worth another attempt, and how long to wait before it.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/** @internal */
export interface RetryPolicy {
  readonly times: number
  readonly baseDelayMillis: number
  readonly maxDelayMillis: number
  readonly maxRetryAfterMillis: number
  readonly timeout: Duration.Duration
}

/** @internal */
export const defaults = {
  times: 2,
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(8),
  maxRetryAfter: Duration.seconds(60),
  timeout: Duration.seconds(10)
} as const

// Effect's timers never fire past 2^31 - 1 ms: a longer sleep would hang.
const maxTimerMillis = 2 ** 31 - 1

/** @internal */
export const make = (options: {
  readonly timeout?: Duration.DurationInput | undefined
  readonly retry?: false | {
    readonly times?: number | undefined
    readonly baseDelay?: Duration.DurationInput | undefined
    readonly maxDelay?: Duration.DurationInput | undefined
    readonly maxRetryAfter?: Duration.DurationInput | undefined
  } | undefined
}): RetryPolicy => {
  const retry = options.retry === false ? { times: 0 } : options.retry ?? {}
  const times = retry.times ?? defaults.times
  const baseDelayMillis = Duration.toMillis(retry.baseDelay ?? defaults.baseDelay)
  const maxDelayMillis = Duration.toMillis(retry.maxDelay ?? defaults.maxDelay)
  const maxRetryAfterMillis = Duration.toMillis(retry.maxRetryAfter ?? defaults.maxRetryAfter)
  return {
    // A negative, fractional or infinite count would either never stop or make
    // no sense; clamp it rather than fail a layer whose error type is `never`.
    times: Number.isFinite(times) ? Math.max(0, Math.floor(times)) : defaults.times,
    baseDelayMillis: Math.max(0, finiteOr(baseDelayMillis, Duration.toMillis(defaults.baseDelay))),
    maxDelayMillis: Math.max(0, Math.min(maxTimerMillis, finiteOr(maxDelayMillis, Duration.toMillis(defaults.maxDelay)))),
    maxRetryAfterMillis: Math.max(0, Math.min(maxTimerMillis, maxRetryAfterMillis)),
    timeout: Duration.decode(options.timeout ?? defaults.timeout)
  }
}

const finiteOr = (n: number, fallback: number): number => Number.isFinite(n) ? n : fallback

/**
 * The wait before retry number `retry` (1 for the first retry), or
 * `undefined` when the server asked for a longer wait than
 * `maxRetryAfter`: then the call fails at once, with `retryAfter`, for the
 * caller to schedule. The server's `Retry-After` is waited out in full,
 * whatever `maxDelay` is: a retry never comes earlier than it says.
 * Otherwise exponential backoff with full jitter, a uniform draw from zero
 * up to `min(maxDelay, baseDelay * 2^(retry - 1))`, so that many clients
 * failing together do not come back together.
 *
 * @internal
 */
export const delay = (
  policy: RetryPolicy,
  retry: number,
  retryAfter: Duration.Duration | undefined
): Effect.Effect<Duration.Duration | undefined> => {
  if (retryAfter !== undefined) {
    return Effect.succeed(Duration.toMillis(retryAfter) > policy.maxRetryAfterMillis ? undefined : retryAfter)
  }
  const ceiling = Math.min(policy.maxDelayMillis, policy.baseDelayMillis * 2 ** (retry - 1))
  return Effect.map(Random.next, (r) => Duration.millis(Math.floor(r * ceiling)))
}
