import { ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { InMemoryProfileService } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Metric, MetricState, Redacted } from "effect"
import { deleteSpans, makeCapture, withAllLogs } from "./capture.js"
import { apiKey, json, type Reply, scripted, status, transports } from "./utils.js"

const { attributes, metrics } = ProfileService.telemetry

const callCount = (outcome: string) =>
  Effect.map(Metric.value(Metric.tagged(metrics.calls, "outcome", outcome)), (state) => state.count)

const latencyCount = (outcome: string) =>
  Effect.map(
    Metric.value(Metric.tagged(metrics.latency, "outcome", outcome)),
    (state: MetricState.MetricState.Histogram) => state.count
  )

for (const [name, transport] of transports) {
  describe(`observability of the live layer on ${name}`, () => {
    const live = (baseUrl: string, options: Partial<HttpProfileService.Options> = {}) =>
      HttpProfileService.layer({ apiKey: Redacted.make(apiKey), baseUrl, retry: { baseDelay: "1 millis" }, ...options })
        .pipe(Layer.provide(transport))

    it.live("one span per call with kind, outcome, status, attempts and request id; no span per attempt by default", () => {
      const capture = makeCapture()
      return Effect.gen(function*() {
        const server = yield* scripted([status(503), status(204, "", { "request-id": "req-ok" })])
        yield* ProfileService.deleteProfile({ profileId: "obs-profile-1" }).pipe(Effect.provide(live(server.url)))
        assert.deepStrictEqual(capture.spans.map((s) => s.name), ["ProfileService.deleteProfile"])
        const [span, ...rest] = deleteSpans(capture)
        assert.strictEqual(rest.length, 0)
        assert.strictEqual(span!.attributes.get(attributes.lookupKind), "profileId")
        assert.strictEqual(span!.attributes.get(attributes.outcome), "deleted")
        assert.strictEqual(span!.attributes.get(attributes.status), 204)
        assert.strictEqual(span!.attributes.get(attributes.attempts), 2)
        assert.strictEqual(span!.attributes.get(attributes.requestId), "req-ok")
        const retries = capture.logs.filter((line) => line.startsWith("DEBUG") && line.includes("retrying"))
        assert.strictEqual(retries.length, 1)
        assert.include(retries[0]!, "reason=\"HTTP 503\"")
        assert.include(retries[0]!, "attempt=1")
        assert.notInclude(capture.allText(), "obs-profile-1")
        assert.notInclude(capture.allText(), apiKey)
      }).pipe(withAllLogs, Effect.provide(capture.layer), Effect.scoped)
    })

    it.live("attemptSpans: true adds the HttpClient's span per attempt, with the key and identifier redacted", () => {
      const capture = makeCapture()
      return Effect.gen(function*() {
        const server = yield* scripted([status(503), status(204)])
        yield* ProfileService.deleteProfile({ profileId: "obs-profile-2" }).pipe(
          Effect.provide(live(server.url, { attemptSpans: true }))
        )
        const [parent] = deleteSpans(capture)
        const httpSpans = capture.spans.filter((s) => s.name !== "ProfileService.deleteProfile")
        assert.strictEqual(httpSpans.length, 2, "one HttpClient span per attempt")
        assert.isDefined(parent)
        for (const httpSpan of httpSpans) {
          assert.strictEqual(String(httpSpan.attributes.get("http.request.header.adapty-profile-id")), "<redacted>")
          assert.strictEqual(String(httpSpan.attributes.get("http.request.header.authorization")), "<redacted>")
        }
        assert.notInclude(capture.allText(), "obs-profile-2")
        assert.notInclude(capture.allText(), apiKey)
        assert.isUndefined(server.requests[0]!.headers["traceparent"])
      }).pipe(Effect.provide(capture.layer), Effect.scoped)
    })

    it.live("attemptSpans: true keeps what a server echoes in its response headers out of the span", () => {
      const capture = makeCapture()
      return Effect.gen(function*() {
        // A server that echoes the request's secrets back in headers of its own.
        const echo: Reply = (res, req) => {
          res.writeHead(204, {
            "x-echo-authorization": String(req.headers["authorization"]),
            "x-echo-user": String(req.headers["adapty-customer-user-id"]),
            "request-id": `req-${String(req.headers["adapty-customer-user-id"])}`
          })
          res.end()
        }
        const server = yield* scripted([echo])
        yield* ProfileService.deleteProfile({ customerUserId: "obs-echoed-user" }).pipe(
          Effect.provide(live(server.url, { attemptSpans: true }))
        )
        assert.isAbove(capture.spans.length, 1)
        assert.notInclude(capture.allText(), "obs-echoed-user")
        assert.notInclude(capture.allText(), apiKey)
      }).pipe(Effect.provide(capture.layer), Effect.scoped)
    })

    it.live("a failed call records the error's status, attempts and request id", () => {
      const capture = makeCapture()
      return Effect.gen(function*() {
        const body = { errors: [], error_code: "profile_does_not_exist", status_code: 404 }
        const server = yield* scripted([json(404, body, { "x-request-id": "req-404" })])
        yield* Effect.flip(ProfileService.deleteProfile({ customerUserId: "obs-user" }).pipe(Effect.provide(live(server.url))))
        const [span] = deleteSpans(capture)
        assert.strictEqual(span!.attributes.get(attributes.outcome), "not_found")
        assert.strictEqual(span!.attributes.get(attributes.status), 404)
        assert.strictEqual(span!.attributes.get(attributes.attempts), 1)
        assert.strictEqual(span!.attributes.get(attributes.requestId), "req-404")
        assert.strictEqual(span!.attributes.get(attributes.errorTag), "ProfileNotFound")
      }).pipe(Effect.provide(capture.layer), Effect.scoped)
    })

    it.live("counts calls and records latency by outcome", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(204), status(401), status(204)])
        const before = {
          deleted: yield* callCount("deleted"),
          unauthorized: yield* callCount("unauthorized"),
          invalid: yield* callCount("invalid"),
          latency: yield* latencyCount("deleted")
        }
        yield* Effect.gen(function*() {
          yield* ProfileService.deleteProfile({ profileId: "a" })
          yield* Effect.flip(ProfileService.deleteProfile({ profileId: "b" }))
          yield* ProfileService.deleteProfile({ profileId: "c" })
          yield* Effect.flip(ProfileService.deleteProfile({ profileId: "" }))
        }).pipe(Effect.provide(live(server.url)))
        assert.strictEqual((yield* callCount("deleted")) - before.deleted, 2)
        assert.strictEqual((yield* callCount("unauthorized")) - before.unauthorized, 1)
        assert.strictEqual((yield* callCount("invalid")) - before.invalid, 1)
        assert.strictEqual((yield* latencyCount("deleted")) - before.latency, 2)
      }).pipe(Effect.scoped))

    it.live("propagateTraceContext: true sends traceparent and b3; the default sends neither", () =>
      Effect.gen(function*() {
        const capture = makeCapture()
        const server = yield* scripted([status(204)])
        yield* ProfileService.deleteProfile({ profileId: "a" }).pipe(Effect.provide(live(server.url)), Effect.provide(capture.layer))
        yield* ProfileService.deleteProfile({ profileId: "a" }).pipe(
          Effect.provide(live(server.url, { propagateTraceContext: true })),
          Effect.provide(capture.layer)
        )
        yield* ProfileService.deleteProfile({ profileId: "a" }).pipe(
          Effect.provide(live(server.url, { propagateTraceContext: true, attemptSpans: true })),
          Effect.provide(capture.layer)
        )
        assert.isUndefined(server.requests[0]!.headers["traceparent"])
        assert.isUndefined(server.requests[0]!.headers["b3"])
        for (const request of server.requests.slice(1)) {
          assert.isString(request.headers["traceparent"])
          assert.isString(request.headers["b3"])
        }
        // The context sent is the call's own span (without attempt spans), or
        // the attempt's span below it (with them).
        const [, withoutAttempts] = deleteSpans(capture)
        assert.include(String(server.requests[1]!.headers["traceparent"]), withoutAttempts!.spanId)
        const attemptSpan = capture.spans.find((s) => s.name !== "ProfileService.deleteProfile")
        assert.include(String(server.requests[2]!.headers["traceparent"]), attemptSpan!.spanId)
      }).pipe(Effect.scoped))
  })
}

describe("observability of the in-memory layer", () => {
  it.live("the same span and outcome, without HTTP", () => {
    const capture = makeCapture()
    return Effect.gen(function*() {
      yield* Effect.flip(ProfileService.deleteProfile({ customerUserId: "nobody" }))
      const [span] = deleteSpans(capture)
      assert.strictEqual(span!.attributes.get(attributes.outcome), "not_found")
      assert.strictEqual(span!.attributes.get(attributes.lookupKind), "customerUserId")
      assert.strictEqual(span!.attributes.get(attributes.status), 404)
    }).pipe(Effect.provide(capture.layer), Effect.provide(InMemoryProfileService.layer()))
  })
})
