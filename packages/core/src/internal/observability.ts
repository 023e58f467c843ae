/**
 * The span, attributes and metrics of every call. They carry the kind of
 * lookup, never its value: identifiers are personal data.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricLabel from "effect/MetricLabel"
import * as Tracer from "effect/Tracer"

/**
 * A call's outcome in metrics and spans: the success word of its operation,
 * or the kind of its error.
 *
 * @internal
 */
export type Outcome =
  | "ok"
  | "deleted"
  | "not_found"
  | "invalid"
  | "bad_request"
  | "unauthorized"
  | "rate_limited"
  | "server_error"
  | "unexpected_response"
  | "transport_error"

const outcomes: ReadonlyArray<Outcome> = [
  "ok",
  "deleted",
  "not_found",
  "invalid",
  "bad_request",
  "unauthorized",
  "rate_limited",
  "server_error",
  "unexpected_response",
  "transport_error"
]

/** @internal */
export const outcomeOf = (error: { readonly _tag: string }): Outcome => {
  switch (error._tag) {
    case "InvalidProfileLookup":
    case "InvalidInput":
      return "invalid"
    case "BadRequest":
      return "bad_request"
    case "Unauthorized":
      return "unauthorized"
    case "ProfileNotFound":
      return "not_found"
    case "RateLimited":
      return "rate_limited"
    case "ServerError":
      return "server_error"
    case "TransportError":
      return "transport_error"
    default:
      return "unexpected_response"
  }
}

/** @internal */
export const attributes = {
  lookupKind: "adapty.lookup.kind",
  outcome: "adapty.outcome",
  status: "http.response.status_code",
  attempts: "adapty.attempts",
  requestId: "adapty.request_id",
  errorTag: "error.type"
} as const

/**
 * What a backend that speaks HTTP reports of a call, for its span.
 *
 * @internal
 */
export interface Receipt {
  readonly status: number
  readonly attempts: number
  readonly requestId?: string | undefined
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * One operation's span name and metrics.
 *
 * @internal
 */
export interface Instruments {
  readonly spanName: string
  readonly success: Outcome
  readonly calls: Metric.Metric.Counter<number>
  readonly latency: Metric.Metric.Histogram<number>
}

/** @internal */
export const instruments = (service: string, name: string, success: Outcome): Instruments => {
  const metricName = `adapty_${snake(name)}`
  return {
    spanName: `${service}.${name}`,
    success,
    calls: Metric.counter(`${metricName}_calls_total`, { description: `${name} calls, by outcome`, incremental: true }),
    // A plain histogram of milliseconds: `Metric.timer` adds its `time_unit`
    // tag through `Metric.tagged`, which builds a new metric key per update.
    latency: Metric.histogram(
      `${metricName}_duration_ms`,
      MetricBoundaries.fromIterable(Array.from({ length: 16 }, (_, i) => 2 ** i)),
      `${name} latency in milliseconds, retries and waits included, by outcome`
    )
  }
}

/** @internal */
export const telemetryOf = (instruments: Instruments) => ({
  spanName: instruments.spanName,
  metrics: { calls: instruments.calls, latency: instruments.latency }
})

// One label array per outcome, made once: the metric registry caches its
// hooks by the identity of this array, while `Metric.tagged` would build a
// new array, and so a new metric key, on every update.
const labels = new Map(outcomes.map((outcome) => [outcome, [MetricLabel.make("outcome", outcome)]]))

const count = (instruments: Instruments, outcome: Outcome | undefined, latencyMillis: number): void => {
  // An interruption or a defect is no outcome: the span records it, the metrics do not.
  if (outcome === undefined) return
  const tags = labels.get(outcome)!
  instruments.calls.unsafeUpdate(1, tags)
  instruments.latency.unsafeUpdate(latencyMillis, tags)
}

const outcomeOfCause = <E extends { readonly _tag: string }>(cause: Cause.Cause<E>): Outcome | undefined =>
  Cause.isFailType(cause) ? outcomeOf(cause.error) : undefined

const annotate = <A, E extends { readonly _tag: string }>(
  span: Tracer.Span,
  exit: Exit.Exit<A, E>,
  outcome: Outcome | undefined,
  receiptOf: (value: A) => Receipt | undefined
) => {
  if (outcome !== undefined) span.attribute(attributes.outcome, outcome)
  let fields: { readonly status?: number; readonly attempts?: number | undefined; readonly requestId?: string | undefined }
  if (Exit.isSuccess(exit)) {
    const receipt = receiptOf(exit.value)
    if (receipt === undefined) return
    fields = receipt
  } else {
    if (!Cause.isFailType(exit.cause)) return
    const error: { readonly _tag: string; readonly status?: number; readonly attempts?: number } = exit.cause.error
    span.attribute(attributes.errorTag, error._tag)
    fields = error
  }
  if (fields.status !== undefined) span.attribute(attributes.status, fields.status)
  if (fields.attempts !== undefined) span.attribute(attributes.attempts, fields.attempts)
  if (fields.requestId !== undefined) span.attribute(attributes.requestId, fields.requestId)
}

// Spans are paid per call; under Effect's built-in tracer nobody can read
// them, so they are only made when a tracer has been installed.
const builtInTracer = Effect.runSync(Effect.tracer)

/**
 * Runs one call under its operation's span and metrics. One look at the
 * fiber serves clock and tracer (`clockWith` and `tracerWith` each cost a
 * runtime call per call), and without a tracer installed no span is made.
 *
 * @internal
 */
export const instrument = <A, E extends { readonly _tag: string }>(
  instruments: Instruments,
  lookupKind: string,
  body: Effect.Effect<A, E>,
  receiptOf: (value: A) => Receipt | undefined
): Effect.Effect<A, E> =>
  Effect.withFiberRuntime((fiber) => {
    const services = fiber.currentDefaultServices
    const clock = Context.get(services, Clock.Clock)
    const start = clock.unsafeCurrentTimeMillis()
    if (Context.get(services, Tracer.Tracer) === builtInTracer) {
      // Not `onExit`: an interruption is not counted, so nothing has to run
      // uninterruptibly, and these handlers cost a third as much.
      return Effect.matchCauseEffect(body, {
        onSuccess: (value) => {
          count(instruments, instruments.success, clock.unsafeCurrentTimeMillis() - start)
          return Effect.succeed(value)
        },
        onFailure: (cause) => {
          count(instruments, outcomeOfCause(cause), clock.unsafeCurrentTimeMillis() - start)
          return Effect.failCause(cause)
        }
      })
    }
    return Effect.useSpan(
      instruments.spanName,
      // A stack trace per call costs more than the call itself on the
      // in-memory layer, and tells nothing the outcome does not.
      { kind: "client", captureStackTrace: false, attributes: { [attributes.lookupKind]: lookupKind } },
      (span) =>
        body.pipe(
          Effect.withParentSpan(span),
          Effect.onExit((exit) =>
            Effect.sync(() => {
              const outcome = Exit.isSuccess(exit) ? instruments.success : outcomeOfCause(exit.cause)
              annotate(span, exit, outcome, receiptOf)
              count(instruments, outcome, clock.unsafeCurrentTimeMillis() - start)
            })
          )
        )
    )
  })
