/**
 * The span attributes and metrics of one `deleteProfile` call. They carry
 * the kind of lookup, never its value: identifiers are personal data.
 *
 * @internal
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricLabel from "effect/MetricLabel"
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

// A plain histogram of milliseconds: `Metric.timer` adds its `time_unit` tag
// through `Metric.tagged`, which builds a new metric key on every update.
const latency = Metric.histogram(
  "adapty_delete_profile_duration_ms",
  MetricBoundaries.fromIterable(Array.from({ length: 16 }, (_, i) => 2 ** i)),
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

// One label array per outcome, made once: the metric registry caches its
// hooks by the identity of this array, while `Metric.tagged` would build a
// new array, and so a new metric key, on every update.
const labels = byOutcome((outcome) => [MetricLabel.make("outcome", outcome)])

/** @internal */
export const count = (outcome: Outcome, latencyMillis: number): void => {
  calls.unsafeUpdate(1, labels[outcome])
  latency.unsafeUpdate(latencyMillis, labels[outcome])
}

/** @internal */
export const metrics = { calls, latency } as const
