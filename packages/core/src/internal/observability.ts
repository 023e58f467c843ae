/**
 * The span attributes and metrics of one `deleteProfile` call. They carry
 * the kind of lookup, never its value: identifiers are personal data.
 *
 * @internal
 */
import * as Metric from "effect/Metric"
import type { DeleteProfileError } from "../AdaptyError.js"

/** @internal */
export type Outcome =
  | "deleted"
  | "not_found"
  | "invalid"
  | "unauthorized"
  | "rate_limited"
  | "server_error"
  | "unexpected_response"
  | "transport_error"

/** @internal */
export const outcomeOf = (error: DeleteProfileError): Outcome => {
  switch (error._tag) {
    case "InvalidProfileLookup":
      return "invalid"
    case "Unauthorized":
      return "unauthorized"
    case "ProfileNotFound":
      return "not_found"
    case "RateLimited":
      return "rate_limited"
    case "ServerError":
      return "server_error"
    case "UnexpectedResponse":
      return "unexpected_response"
    case "TransportError":
      return "transport_error"
  }
}

/** @internal */
export const spanName = "ProfileService.deleteProfile"

/** @internal */
export const attributes = {
  lookupKind: "adapty.lookup.kind",
  outcome: "adapty.outcome",
  status: "http.response.status_code",
  attempts: "adapty.attempts",
  requestId: "adapty.request_id",
  errorTag: "error.type"
} as const

const calls = Metric.counter("adapty_delete_profile_calls_total", {
  description: "deleteProfile calls, by outcome",
  incremental: true
})

const latency = Metric.timerWithBoundaries(
  "adapty_delete_profile_duration",
  Array.from({ length: 16 }, (_, i) => 2 ** i),
  "deleteProfile latency in milliseconds, retries and waits included, by outcome"
)

const byOutcome = <A>(f: (outcome: Outcome) => A): Readonly<Record<Outcome, A>> => ({
  deleted: f("deleted"),
  not_found: f("not_found"),
  invalid: f("invalid"),
  unauthorized: f("unauthorized"),
  rate_limited: f("rate_limited"),
  server_error: f("server_error"),
  unexpected_response: f("unexpected_response"),
  transport_error: f("transport_error")
})

// Tagged once here rather than on every call.
/** @internal */
export const callsByOutcome = byOutcome((outcome) => Metric.tagged(calls, "outcome", outcome))

/** @internal */
export const latencyByOutcome = byOutcome((outcome) => Metric.tagged(latency, "outcome", outcome))

/** @internal */
export const metrics = { calls, latency } as const

/** @internal */
export const lookupKind = (lookup: unknown): string =>
  typeof lookup === "object" && lookup !== null
    ? "customerUserId" in lookup ? ("profileId" in lookup ? "invalid" : "customerUserId") : "profileId" in lookup
      ? "profileId"
      : "invalid"
    : "invalid"
