/**
 * One line for every outcome of a delete, for a person reading a terminal.
 * Expected errors are outcomes, not crashes: none prints a stack trace, and
 * none prints the identifier (it is personal data).
 *
 * @since 0.1.0
 */
import { type DeleteProfileError, isConfirmedNotFound } from "@effect-adapty/core"
import { Duration, Match } from "effect"

/**
 * @since 0.1.0
 * @category models
 */
export interface OutcomeLine {
  readonly line: string
  /** 0 when the profile is gone (deleted now, or already absent by Adapty's own answer), 1 otherwise. */
  readonly exitCode: number
}

const requestId = (error: { readonly requestId?: string | undefined }) =>
  error.requestId === undefined ? "" : ` (request id ${error.requestId})`

/**
 * @since 0.1.0
 * @category lines
 */
export const deleted: OutcomeLine = { line: "deleted: the Adapty profile was deleted", exitCode: 0 }

/**
 * @since 0.1.0
 * @category lines
 */
export const describeError: (error: DeleteProfileError) => OutcomeLine = Match.type<DeleteProfileError>().pipe(
  Match.tagsExhaustive({
    InvalidProfileLookup: (e) => ({ line: `invalid: ${e.reason}; nothing was sent`, exitCode: 1 }),
    // Only Adapty's own answer says the profile is gone: a bare 404 (a proxy,
    // a base URL that is not Adapty's API) says nothing about it.
    ProfileNotFound: (e) =>
      isConfirmedNotFound(e)
        ? { line: `not found: no Adapty profile matches (never existed, or already deleted)${requestId(e)}`, exitCode: 0 }
        : {
          line: `unconfirmed: HTTP ${e.status} without Adapty's answer: the server does not answer as Adapty's API ` +
            `does (check ADAPTY_BASE_URL); the profile may still exist${requestId(e)}`,
          exitCode: 1
        },
    Unauthorized: (e) => ({ line: `unauthorized: Adapty rejected the API key; check ADAPTY_API_KEY or --api-key-file${requestId(e)}`, exitCode: 1 }),
    RateLimited: (e) => ({
      line: `rate limited: over Adapty's rate limit after ${e.attempts ?? 1} attempt(s)` +
        (e.retryAfter === undefined ? "" : `; retry after ${Duration.format(e.retryAfter)}`) + requestId(e),
      exitCode: 1
    }),
    ServerError: (e) => ({
      line: `server error: the server answered HTTP ${e.status} after ${e.attempts ?? 1} attempt(s); try again later` +
        ` (if it persists, check ADAPTY_BASE_URL)${requestId(e)}`,
      exitCode: 1
    }),
    UnexpectedResponse: (e) => ({ line: `unexpected response: HTTP ${e.status}${requestId(e)}`, exitCode: 1 }),
    TransportError: (e) => ({
      line: `no response: ${e.reason === "Timeout" ? "timed out" : "network failure"} after ${e.attempts ?? 1} attempt(s)`,
      exitCode: 1
    })
  })
)
