/**
 * What the live layer reports, on the embedded fake server with injected
 * faults: one span per deleteProfile call (printed when it ends), a debug line
 * per retry, and the call counter and latency histogram by outcome.
 *
 *   pnpm example:observability
 *
 * In production, replace the printing tracer with @effect/opentelemetry and
 * read the metrics with your exporter; the names are in
 * ProfileService.telemetry.
 */
import { ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpClient, NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Logger, LogLevel, Metric, Redacted, Tracer } from "effect"
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"

/** A tracer that prints each span of ours when it ends, with its attributes. */
const printingTracer = Tracer.make({
  span: (name, parent, context, links, startTime, kind) => {
    const attributes = new Map<string, unknown>()
    return {
      _tag: "Span",
      name,
      spanId: Math.random().toString(16).slice(2),
      traceId: "example",
      parent,
      context,
      status: { _tag: "Started", startTime },
      attributes,
      links,
      sampled: true,
      kind,
      attribute: (key, value) => void attributes.set(key, value),
      event: () => {},
      addLinks: () => {},
      end: (endTime) => {
        if (name !== ProfileService.telemetry.spanName) return
        const ms = Number(endTime - startTime) / 1e6
        const attrs = Array.from(attributes, ([k, v]) => `${k}=${String(v)}`).join(" ")
        console.log(`span ${name} ${ms.toFixed(1)}ms ${attrs}`)
      }
    }
  },
  context: (f) => f()
})

const Fake = FakeAdaptyServer.layer({ apiKey: Redacted.make("demo-key") }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({
    profiles: [{ profileId: "p-1", customerUserId: "u-1" }, { profileId: "p-2" }]
  })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)

const Live = Layer.unwrapEffect(Effect.map(FakeAdaptyServer.url, (baseUrl) =>
  HttpProfileService.layer({
    apiKey: Redacted.make("demo-key"),
    baseUrl,
    retry: { baseDelay: "20 millis", maxDelay: "200 millis" }
  }))).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.provideMerge(Fake))

export const main = Effect.gen(function*() {
  const faults = yield* FakeAdaptyServer.Faults
  // Two 503s, then the real answer: the first call succeeds on its third attempt.
  yield* faults.next({ _tag: "Status", status: 503 }, { times: 2 })
  yield* ProfileService.deleteProfile({ customerUserId: "u-1" })
  // Already deleted: not found.
  yield* Effect.ignore(ProfileService.deleteProfile({ profileId: "p-1" }))
  // Invalid: nothing is sent.
  yield* Effect.ignore(ProfileService.deleteProfile({ profileId: " p-2" }))

  const { metrics } = ProfileService.telemetry
  for (const outcome of ["deleted", "not_found", "invalid"]) {
    const calls = yield* Metric.value(Metric.tagged(metrics.calls, "outcome", outcome))
    const latency = yield* Metric.value(Metric.tagged(metrics.latency, "outcome", outcome))
    yield* Console.log(
      `metric adapty_delete_profile_calls_total{outcome=${outcome}} ${calls.count}; ` +
        `latency count ${latency.count}, max ${latency.max.toFixed(1)}ms`
    )
  }
}).pipe(
  Effect.provide(Live),
  Effect.withTracer(printingTracer),
  Logger.withMinimumLogLevel(LogLevel.Debug)
)

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main)
}
