/**
 * Turning what came back (or did not) into the outcome of one attempt, and
 * the outcome of the last attempt into the caller's typed error.
 *
 * @internal
 */
import {
  AdaptyWire,
  type DeleteProfileError,
  type ErrorDetails,
  ErrorDetailsFromJson,
  type InvalidProfileLookup,
  ProfileNotFound,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "@effect-adapty/core"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as RetryPolicy from "./retryPolicy.js"

/**
 * Why an attempt did not succeed.
 *
 * @internal
 */
export type Failure =
  | {
    readonly _tag: "Status"
    readonly status: number
    readonly details: ErrorDetails | undefined
    readonly requestId: string | undefined
    readonly retryAfter: Duration.Duration | undefined
  }
  | { readonly _tag: "Transport"; readonly reason: "Network" | "Timeout" }

/** @internal */
export interface Success {
  readonly status: number
  readonly requestId: string | undefined
}

/** @internal */
export const describe = (failure: Failure): string =>
  failure._tag === "Transport" ? failure.reason : `HTTP ${failure.status}`

/** @internal */
export const isRetryable = (failure: Failure): boolean =>
  failure._tag === "Transport" || RetryPolicy.isRetryableStatus(failure.status)

/** @internal */
export const network: Failure = { _tag: "Transport", reason: "Network" }

/** @internal */
export const timeout: Failure = { _tag: "Transport", reason: "Timeout" }

const decodeDetails = Schema.decodeUnknownOption(ErrorDetailsFromJson)

// Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3).
const RetryAfterSeconds = Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())
const decodeSeconds = Schema.decodeUnknownOption(
  Schema.String.pipe(Schema.pattern(/^\s*\d+\s*$/), Schema.compose(RetryAfterSeconds))
)
// `Schema.Date`, not `DateFromString`: the latter lets "soon" through as an Invalid Date.
const decodeDate = Schema.decodeUnknownOption(Schema.Date)

/** @internal */
export const parseRetryAfter = (value: string | undefined, now: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const seconds = decodeSeconds(value)
  if (Option.isSome(seconds)) return Duration.seconds(seconds.value)
  const date = decodeDate(value)
  if (Option.isSome(date)) return Duration.millis(Math.max(0, date.value.getTime() - now))
  return undefined
}

const requestIdOf = (headers: HttpClientResponse.HttpClientResponse["headers"]): string | undefined => {
  for (const name of AdaptyWire.requestIdHeaders) {
    const value = headers[name]
    if (value !== undefined && value !== "") return value
  }
  return undefined
}

/**
 * Succeeds on any 2xx. Otherwise reads the body (it is part of the attempt,
 * under the same timeout) and fails with what it says; a body that is not an
 * ErrorResponse only means there are no details.
 *
 * @internal
 */
export const fromResponse = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<Success, Failure> => {
  const status = response.status
  if (status >= 200 && status < 300) {
    const success: Success = { status, requestId: requestIdOf(response.headers) }
    // Drain so that the connection can be reused; a 2xx is a success whatever
    // its body says or however it ends.
    return status === 204 ? Effect.succeed(success) : Effect.as(Effect.ignore(response.arrayBuffer), success)
  }
  return Effect.flatMap(
    Effect.mapError(response.text, () => network),
    (text) =>
      Effect.flatMap(DateTime.now, (now) =>
        Effect.fail<Failure>({
          _tag: "Status",
          status,
          details: Option.getOrUndefined(decodeDetails(text)),
          requestId: requestIdOf(response.headers),
          retryAfter: status === 429 || status === 503
            ? parseRetryAfter(response.headers["retry-after"], DateTime.toEpochMillis(now))
            : undefined
        }))
  )
}

/**
 * The error the caller sees once no attempt is left.
 *
 * @internal
 */
export const toError = (
  failure: Failure,
  attempts: number
): Exclude<DeleteProfileError, InvalidProfileLookup> => {
  // The fields were decoded by Schema already: validating them again in the
  // constructors (`true` turns it off) would double the cost of every error.
  if (failure._tag === "Transport") return new TransportError({ reason: failure.reason, attempts }, true)
  const fields = {
    status: failure.status,
    attempts,
    ...(failure.details === undefined ? {} : { details: failure.details }),
    ...(failure.requestId === undefined ? {} : { requestId: failure.requestId })
  }
  const status = failure.status
  if (status === 401) return new Unauthorized(fields, true)
  if (status === 404) return new ProfileNotFound(fields, true)
  if (status === 429) {
    return new RateLimited(failure.retryAfter === undefined ? fields : { ...fields, retryAfter: failure.retryAfter }, true)
  }
  if (status >= 500 && status <= 599) return new ServerError(fields, true)
  return new UnexpectedResponse(fields, true)
}
