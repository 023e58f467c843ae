/**
 * Every HTTP fault of the fake server, on every transport, with retries off
 * and on: each case ends in success or the right typed error (never a defect,
 * never a hang) within (timeout + maxDelay) × attempts plus a margin, and no
 * error, log line or span holds the API key or the identifiers.
 */
import { type DeleteProfileError, type ProfileLookup, ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient, NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Redacted } from "effect"
import * as Http from "node:http"
import { deleteSpans, makeCapture, withAllLogs } from "./capture.js"
import { apiKey } from "./utils.js"

const customerUserId = "pii-user-4821@example.com"
const profileId = "pii-profile-7f3a9c"
const secrets = [apiKey, customerUserId, profileId]

const timeoutMillis = 250
const maxDelayMillis = 50
const marginMillis = 1500

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer", NodeHttpClient.layer]
]

type Expected = {
  readonly tag: DeleteProfileError["_tag"]
  readonly detail?: string
  readonly status?: number
  /** Fails at the first attempt whatever the mode (a Retry-After past maxRetryAfter). */
  readonly atOnce?: boolean
  /** How long each retry waits (a Retry-After within maxRetryAfter), beyond maxDelay. */
  readonly waitMillis?: number
}

const faults: ReadonlyArray<readonly [string, FakeAdaptyServer.HttpFault, Expected]> = [
  ["stall before headers", { _tag: "StallBeforeHeaders" }, { tag: "TransportError", detail: "Timeout" }],
  ["stall mid-body", { _tag: "StallMidBody" }, { tag: "TransportError", detail: "Timeout" }],
  ["reset connection", { _tag: "Reset" }, { tag: "TransportError", detail: "Network" }],
  ["body cut short", { _tag: "CutBody" }, { tag: "TransportError", detail: "Network" }],
  ["broken JSON 500", { _tag: "BrokenJson" }, { tag: "ServerError", status: 500 }],
  ["HTML 502 page", { _tag: "Html" }, { tag: "ServerError", status: 502 }],
  [
    "429 Retry-After seconds",
    { _tag: "RateLimited", retryAfter: 1 },
    { tag: "RateLimited", status: 429, waitMillis: 1000 }
  ],
  [
    "429 Retry-After HTTP date an hour away",
    { _tag: "RateLimited", retryAfter: new Date(Date.now() + 3_600_000) },
    { tag: "RateLimited", status: 429, atOnce: true }
  ],
  ["503 burst", { _tag: "Status", status: 503 }, { tag: "ServerError", status: 503 }],
  ["slow drip", { _tag: "SlowDrip", interval: "20 millis" }, { tag: "TransportError", detail: "Timeout" }]
]

const modes = [
  { name: "retries off, fault on every request", retry: false as const, times: Infinity, attempts: 1 },
  { name: "retries on, fault on every request", retry: true, times: Infinity, attempts: 3 },
  { name: "retries on, fault once", retry: true, times: 1, attempts: 2 }
] as const

const outcomeOf: Record<DeleteProfileError["_tag"], string> = {
  InvalidProfileLookup: "invalid",
  Unauthorized: "unauthorized",
  ProfileNotFound: "not_found",
  RateLimited: "rate_limited",
  ServerError: "server_error",
  UnexpectedResponse: "unexpected_response",
  TransportError: "transport_error"
}

const makeLayer = (transport: Layer.Layer<HttpClient.HttpClient>, retry: boolean) => {
  const server = FakeAdaptyServer.layer({ apiKey: Redacted.make(apiKey) }).pipe(
    Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId, customerUserId }] })),
    Layer.provideMerge(NodeHttpServer.layer(Http.createServer, { port: 0, host: "127.0.0.1" }))
  )
  const live = Layer.unwrapEffect(Effect.map(FakeAdaptyServer.url, (baseUrl) =>
    HttpProfileService.layer({
      apiKey: Redacted.make(apiKey),
      baseUrl,
      timeout: `${timeoutMillis} millis`,
      retry: retry ? { times: 2, baseDelay: "5 millis", maxDelay: `${maxDelayMillis} millis` } : false
    })))
  return live.pipe(Layer.provide(transport), Layer.provideMerge(server))
}

describe("fault matrix", () => {
  for (const [transportName, transport] of transports) {
    for (const [faultName, fault, expected] of faults) {
      for (const mode of modes) {
        const succeeds = mode.times === 1 && mode.retry && expected.atOnce !== true
        const title = `${transportName} × ${faultName} × ${mode.name} → ${
          succeeds ? "deleted" : `${expected.tag}${expected.detail ? ` ${expected.detail}` : ""}`
        }`
        it.live(title, () => {
          const capture = makeCapture()
          return Effect.gen(function*() {
            const control = yield* FakeAdaptyServer.Faults
            yield* control.next(fault, { times: mode.times })
            const lookup: ProfileLookup = mode.times === 1 ? { profileId } : { customerUserId }
            const started = Date.now()
            const exit = yield* Effect.exit(ProfileService.deleteProfile(lookup))
            const elapsed = Date.now() - started

            const attempts = succeeds ? 2 : expected.atOnce === true ? 1 : mode.attempts
            const perAttempt = timeoutMillis + maxDelayMillis + (expected.waitMillis ?? 0)
            assert.isBelow(elapsed, perAttempt * attempts + marginMillis, "took too long")
            if (expected.waitMillis !== undefined) {
              assert.isAtLeast(elapsed, expected.waitMillis * (attempts - 1) - 10, "the Retry-After was waited out")
            }
            assert.strictEqual(yield* control.requestCount, attempts, "requests that reached the server")

            if (succeeds) {
              assert.isTrue(Exit.isSuccess(exit), `expected success, got ${String(exit)}`)
              assert.deepStrictEqual(yield* (yield* InMemoryProfiles).remaining, [])
            } else {
              if (Exit.isSuccess(exit) || !Cause.isFailType(exit.cause)) {
                return assert.fail(`expected a typed failure, got ${String(exit)}`)
              }
              const error = exit.cause.error
              assert.strictEqual(error._tag, expected.tag)
              if (error._tag === "TransportError") assert.strictEqual(error.reason, expected.detail)
              if ("status" in error) {
                assert.strictEqual(error.status, expected.status)
                // Broken, HTML and partial bodies decode to no details, not a defect.
                if (fault._tag === "BrokenJson" || fault._tag === "Html") assert.isUndefined(error.details)
              }
              assert.strictEqual("attempts" in error ? error.attempts : undefined, attempts)
              for (const output of [String(error), JSON.stringify(error), error.message, Cause.pretty(exit.cause)]) {
                for (const secret of secrets) assert.notInclude(output, secret)
              }
              // Nothing was deleted.
              assert.strictEqual((yield* (yield* InMemoryProfiles).remaining).length, 1)
            }

            const [span, ...others] = deleteSpans(capture)
            assert.strictEqual(others.length, 0, "one span per call")
            assert.strictEqual(span!.attributes.get("adapty.outcome"), succeeds ? "deleted" : outcomeOf[expected.tag])
            assert.strictEqual(span!.attributes.get("adapty.attempts"), attempts)
            assert.strictEqual(span!.attributes.get("adapty.lookup.kind"), mode.times === 1 ? "profileId" : "customerUserId")
            const retryLogs = capture.logs.filter((line) => line.includes("retrying"))
            assert.strictEqual(retryLogs.length, attempts - 1, "one debug line per retry")
            for (const line of retryLogs) {
              assert.match(line, /^DEBUG .*reason=.*delayMillis=/)
            }
            const text = capture.allText()
            for (const secret of secrets) assert.notInclude(text, secret)
          }).pipe(withAllLogs, Effect.provide(capture.layer), Effect.provide(makeLayer(transport, mode.retry)))
        })
      }
    }
  }
})
