import { Cause, Effect, Exit, FiberRef, Layer, Logger, LogLevel, Tracer } from "effect"

/** A span as the capturing tracer keeps it. */
export interface CapturedSpan {
  readonly name: string
  readonly spanId: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
  exit: Exit.Exit<unknown, unknown> | undefined
}

/**
 * A tracer and a logger that keep everything, so that tests can read every
 * span attribute, span event and log line, at every level, and search them.
 */
export const makeCapture = () => {
  const spans: Array<CapturedSpan> = []
  const logs: Array<string> = []
  let ids = 0
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const spanId = `span${++ids}`
      const captured: CapturedSpan = { name, spanId, attributes: new Map(), events: [], exit: undefined }
      spans.push(captured)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: "trace-1",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: captured.attributes,
        links,
        sampled: true,
        kind,
        end: (_endTime, exit) => {
          captured.exit = exit
        },
        attribute: (key, value) => {
          captured.attributes.set(key, value)
        },
        event: (eventName, _startTime, attributes) => {
          captured.events.push({ name: eventName, attributes })
        },
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  const logger = Logger.make<unknown, void>(({ annotations, cause, logLevel, message }) => {
    const parts = [logLevel.label, typeof message === "string" ? message : JSON.stringify(message)]
    for (const [key, value] of annotations) parts.push(`${key}=${JSON.stringify(value)}`)
    if (!Cause.isEmpty(cause)) parts.push(Cause.pretty(cause, { renderErrorCause: true }))
    logs.push(parts.join(" "))
  })
  const layer = Layer.mergeAll(
    Layer.setTracer(tracer),
    Logger.replace(Logger.defaultLogger, logger),
    Logger.minimumLogLevel(LogLevel.All)
  )
  /** Everything a span holds, as text: attributes, events, and its exit. */
  const spanText = (span: CapturedSpan): string =>
    [
      span.name,
      ...Array.from(span.attributes, ([key, value]) => `${key}=${String(value)}`),
      ...span.events.map((event) => `${event.name} ${JSON.stringify(event.attributes ?? {})}`),
      span.exit === undefined || Exit.isSuccess(span.exit) ? "" : Cause.pretty(span.exit.cause)
    ].join("\n")
  const allText = () => [...logs, ...spans.map(spanText)].join("\n")
  return { spans, logs, layer, allText }
}

export type Capture = ReturnType<typeof makeCapture>

/** The span of the one deleteProfile call. */
export const deleteSpans = (capture: Capture) => capture.spans.filter((s) => s.name === "ProfileService.deleteProfile")

/** Runs with every fiber's log level at All, so debug lines are captured. */
export const withAllLogs = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.locally(effect, FiberRef.currentMinimumLogLevel, LogLevel.All)

