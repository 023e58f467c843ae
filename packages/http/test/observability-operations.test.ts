/**
 * Every operation added in 0.2 reports as delete does: one span named after
 * it (status, attempts, request id, outcome; never the identifier or a value
 * sent), and its own calls counter and latency histogram by outcome.
 */
import { ProfileService, PurchaseService } from "@effect-adapty/core"
import { HttpAdapty } from "@effect-adapty/http"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Metric, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"
import { makeCapture } from "./capture.js"
import { apiKey, json, scripted, status } from "./utils.js"
import { NodeHttpClient } from "@effect/platform-node"

const document = parse(
  readFileSync(fileURLToPath(new URL("../../../spec/adapty-profile-api.openapi.yaml", import.meta.url)), "utf8")
)
const profileBody: unknown = document.paths["/api/v2/server-side-api/profile/"].get.responses["200"].content[
  "application/json"
].example

const { attributes } = ProfileService.telemetry
const callCount = (metric: Metric.Metric.Counter<number>, outcome: string) =>
  Effect.map(Metric.value(Metric.tagged(metric, "outcome", outcome)), (state) => state.count)

describe("observability of every operation on the live layer", () => {
  it.live("a span per call named after the operation, with status, attempts, request id and outcome", () => {
    const capture = makeCapture()
    return Effect.gen(function*() {
      const server = yield* scripted([
        status(503),
        json(200, profileBody, { "request-id": "req-get" }),
        json(404, { error_code: "profile_does_not_exist", status_code: 404, errors: [] })
      ])
      const live = HttpAdapty.layer({ apiKey: Redacted.make(apiKey), baseUrl: server.url, retry: { baseDelay: "1 millis" } })
        .pipe(Layer.provide(NodeHttpClient.layerUndici))
      const get = ProfileService.telemetry.operations.getProfile
      const grant = PurchaseService.telemetry.operations.grantAccessLevel
      const okBefore = yield* callCount(get.metrics.calls, "ok")
      const notFoundBefore = yield* callCount(grant.metrics.calls, "not_found")
      yield* Effect.gen(function*() {
        yield* ProfileService.getProfile({ customerUserId: "obs-user-1" })
        yield* Effect.either(
          PurchaseService.grantAccessLevel({ customerUserId: "obs-user-1" }, { accessLevelId: "obs-secret-level" })
        )
        yield* Effect.either(ProfileService.updateProfile({ customerUserId: "obs-user-1" }, { email: Option.some("x") }))
      }).pipe(Effect.provide(live))
      const names = capture.spans.map((s) => s.name)
      assert.deepStrictEqual(names, [get.spanName, grant.spanName, ProfileService.telemetry.operations.updateProfile.spanName])
      const [getSpan, grantSpan, updateSpan] = capture.spans
      assert.strictEqual(getSpan!.attributes.get(attributes.outcome), "ok")
      assert.strictEqual(getSpan!.attributes.get(attributes.status), 200)
      assert.strictEqual(getSpan!.attributes.get(attributes.attempts), 2)
      assert.strictEqual(getSpan!.attributes.get(attributes.requestId), "req-get")
      assert.strictEqual(getSpan!.attributes.get(attributes.lookupKind), "customerUserId")
      assert.strictEqual(grantSpan!.attributes.get(attributes.outcome), "not_found")
      assert.strictEqual(grantSpan!.attributes.get(attributes.errorTag), "ProfileNotFound")
      assert.strictEqual(updateSpan!.attributes.get(attributes.outcome), "invalid")
      assert.strictEqual(yield* callCount(get.metrics.calls, "ok"), okBefore + 1)
      assert.strictEqual(yield* callCount(grant.metrics.calls, "not_found"), notFoundBefore + 1)
      assert.notInclude(capture.allText(), "obs-user-1")
      assert.notInclude(capture.allText(), apiKey)
    }).pipe(Effect.provide(capture.layer), Effect.scoped)
  })
})
