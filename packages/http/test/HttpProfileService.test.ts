import {
  type DeleteProfileError,
  isConfirmedNotFound,
  type ProfileLookup,
  ProfileNotFound,
  ProfileService,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import * as Zlib from "node:zlib"
import { Cause, Config, ConfigError, ConfigProvider, Duration, Effect, Exit, Layer, Option, Redacted, Schedule } from "effect"
import {
  apiKey,
  closedPort,
  cutBody,
  endless,
  fastRetry,
  type Flood,
  json,
  type Reply,
  reset,
  scripted,
  stall,
  stallBody,
  status,
  transports
} from "./utils.js"

const notFoundBody = {
  errors: [{ source: null, errors: ["Profile not found"] }],
  error_code: "profile_does_not_exist",
  status_code: 404
}

const run = <A>(
  transport: Layer.Layer<HttpClient.HttpClient>,
  baseUrl: string,
  effect: Effect.Effect<A, DeleteProfileError, ProfileService>,
  options: Partial<HttpProfileService.Options> = {}
) =>
  Effect.provide(
    effect,
    HttpProfileService.layer({ apiKey: Redacted.make(apiKey), baseUrl, retry: fastRetry, ...options }).pipe(
      Layer.provide(transport)
    )
  )

const failure = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.map(Effect.exit(effect), (exit) => {
    // A typed failure, never a defect or an interruption.
    if (Exit.isSuccess(exit) || !Cause.isFailType(exit.cause)) {
      return assert.fail(`expected a typed failure, got ${String(exit)}`)
    }
    return exit.cause.error
  })

const noSecretIn = (error: unknown) => {
  const outputs = [
    String(error),
    JSON.stringify(error),
    Cause.pretty(Cause.fail(error)),
    (error as Error).message ?? "",
    (error as Error).stack ?? ""
  ]
  for (const output of outputs) {
    assert.notInclude(output, apiKey)
    assert.notInclude(output, "user-secret-identifier")
  }
}

const byUser: ProfileLookup = { customerUserId: "user-secret-identifier" }

for (const [name, transport] of transports) {
  describe(`HttpProfileService on ${name}`, () => {
    describe("the request on the wire", () => {
      it.live("DELETE to the profile path with the key and the customer user id header, no body", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          yield* run(transport, server.url, ProfileService.deleteProfile({ customerUserId: "user@example.com" }))
          assert.strictEqual(server.requests.length, 1)
          const [request] = server.requests
          assert.strictEqual(request!.method, "DELETE")
          assert.strictEqual(request!.url, "/api/v2/server-side-api/profile/")
          assert.strictEqual(request!.headers["authorization"], `Api-Key ${apiKey}`)
          assert.strictEqual(request!.headers["adapty-customer-user-id"], "user@example.com")
          assert.isUndefined(request!.headers["adapty-profile-id"])
          assert.strictEqual(request!.body, "")
          assert.isTrue(request!.headers["content-length"] === undefined || request!.headers["content-length"] === "0")
          assert.isUndefined(request!.headers["transfer-encoding"])
          // No trace context goes to a third party by default.
          assert.isUndefined(request!.headers["traceparent"])
          assert.isUndefined(request!.headers["b3"])
        }).pipe(Effect.scoped))

      it.live("sends the profile id header for a profileId lookup, byte for byte", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          const id = "a\"b'c%20d+e/f?g=h&i#j ~!@$^*()[]{}|\\;:,.<>` z"
          yield* run(transport, server.url, ProfileService.deleteProfile({ profileId: id }))
          const [request] = server.requests
          assert.strictEqual(request!.headers["adapty-profile-id"], id)
          assert.isUndefined(request!.headers["adapty-customer-user-id"])
        }).pipe(Effect.scoped))

      it.live("a trailing slash on baseUrl does not double the slash; a path prefix is kept", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          yield* run(transport, `${server.url}/`, ProfileService.deleteProfile({ profileId: "p" }))
          yield* run(transport, `${server.url}/proxy/`, ProfileService.deleteProfile({ profileId: "p" }))
          assert.deepStrictEqual(server.requests.map((r) => r.url), [
            "/api/v2/server-side-api/profile/",
            "/proxy/api/v2/server-side-api/profile/"
          ])
        }).pipe(Effect.scoped))

      it.live("an invalid lookup sends nothing", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          const error = yield* failure(
            run(transport, server.url, ProfileService.deleteProfile({ customerUserId: "x\r\ny" }))
          )
          assert.strictEqual(error._tag, "InvalidProfileLookup")
          assert.strictEqual(server.requests.length, 0)
        }).pipe(Effect.scoped))
    })

    describe("statuses", () => {
      const cases: ReadonlyArray<{
        readonly status: number
        readonly tag: DeleteProfileError["_tag"] | "success"
        readonly retried: boolean
      }> = [
        // Only 204 means deleted: a proxy's 200 page or a 202 erased nothing.
        { status: 200, tag: "UnexpectedResponse", retried: false },
        { status: 202, tag: "UnexpectedResponse", retried: false },
        { status: 204, tag: "success", retried: false },
        { status: 205, tag: "UnexpectedResponse", retried: false },
        { status: 301, tag: "UnexpectedResponse", retried: false },
        { status: 400, tag: "UnexpectedResponse", retried: false },
        { status: 401, tag: "Unauthorized", retried: false },
        { status: 403, tag: "UnexpectedResponse", retried: false },
        { status: 404, tag: "ProfileNotFound", retried: false },
        { status: 408, tag: "UnexpectedResponse", retried: true },
        { status: 409, tag: "UnexpectedResponse", retried: false },
        { status: 422, tag: "UnexpectedResponse", retried: false },
        { status: 429, tag: "RateLimited", retried: true },
        { status: 500, tag: "ServerError", retried: true },
        { status: 501, tag: "ServerError", retried: false },
        { status: 502, tag: "ServerError", retried: true },
        { status: 503, tag: "ServerError", retried: true },
        { status: 504, tag: "ServerError", retried: true },
        { status: 505, tag: "ServerError", retried: false }
      ]
      for (const c of cases) {
        it.live(`${c.status} → ${c.tag}${c.retried ? ", after 2 retries" : ", not retried"}`, () =>
          Effect.gen(function*() {
            const body = c.status === 301 || c.status === 205 ? "" : JSON.stringify({ ...notFoundBody, status_code: c.status })
            const server = yield* scripted([status(c.status, body, { "request-id": "req-1", location: "/elsewhere" })])
            const exit = yield* Effect.exit(run(transport, server.url, ProfileService.deleteProfile(byUser)))
            if (c.tag === "success") {
              assert.isTrue(Exit.isSuccess(exit))
              assert.strictEqual(server.requests.length, 1)
              return
            }
            const error = yield* failure(exit)
            assert.strictEqual(error._tag, c.tag)
            assert.strictEqual(server.requests.length, c.retried ? 3 : 1)
            if (error._tag === "InvalidProfileLookup" || error._tag === "TransportError") return assert.fail()
            assert.strictEqual(error.status, c.status)
            assert.strictEqual(error.requestId, "req-1")
            assert.strictEqual(error.attempts, c.retried ? 3 : 1)
            if (c.status !== 301 && c.status !== 205) assert.strictEqual(error.details?.statusCode, c.status)
            noSecretIn(error)
          }).pipe(Effect.scoped))
      }

      it.live("with retry: false nothing is retried", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(503)])
          const error = yield* failure(
            run(transport, server.url, ProfileService.deleteProfile(byUser), { retry: false })
          )
          assert.instanceOf(error, ServerError)
          assert.strictEqual((error as ServerError).attempts, 1)
          assert.strictEqual(server.requests.length, 1)
        }).pipe(Effect.scoped))

      it.live("retry.times sets how many retries follow the first attempt", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(500)])
          const error = yield* failure(
            run(transport, server.url, ProfileService.deleteProfile(byUser), { retry: { ...fastRetry, times: 4 } })
          )
          assert.strictEqual((error as ServerError).attempts, 5)
          assert.strictEqual(server.requests.length, 5)
        }).pipe(Effect.scoped))

      it.live("retries that succeed: 503, 502, then 204", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(503), status(502), status(204)])
          yield* run(transport, server.url, ProfileService.deleteProfile(byUser))
          assert.strictEqual(server.requests.length, 3)
          // Every attempt is the same request.
          for (const request of server.requests) {
            assert.strictEqual(request.headers["adapty-customer-user-id"], "user-secret-identifier")
          }
        }).pipe(Effect.scoped))

      it.live("a 404 after a retried 503 is ProfileNotFound (the first attempt may have deleted it)", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(503), json(404, notFoundBody)])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.instanceOf(error, ProfileNotFound)
          assert.strictEqual((error as ProfileNotFound).attempts, 2)
        }).pipe(Effect.scoped))
    })

    describe("bodies", () => {
      const bodies: ReadonlyArray<readonly [string, Reply, boolean]> = [
        ["the documented object shape", json(404, notFoundBody), true],
        ["a flat list of strings", json(404, { ...notFoundBody, errors: ["Profile not found"] }), true],
        ["an HTML page", status(404, "<html><body>Not Found</body></html>", { "content-type": "text/html" }), false],
        ["broken JSON", status(404, "{\"errors\": [", { "content-type": "application/json" }), false],
        ["an empty body", status(404), false],
        ["JSON of another shape", json(404, { detail: "Not found." }), false],
        ["JSON with a wrong field type", json(404, { ...notFoundBody, status_code: "404" }), false]
      ]
      for (const [title, reply, decodes] of bodies) {
        it.live(`${title}: ${decodes ? "decoded into details" : "no details, still ProfileNotFound"}`, () =>
          Effect.gen(function*() {
            const server = yield* scripted([reply])
            const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
            assert.instanceOf(error, ProfileNotFound)
            const details = (error as ProfileNotFound).details
            if (!decodes) return assert.isUndefined(details)
            assert.strictEqual(details?.errorCode, "profile_does_not_exist")
            assert.strictEqual(details?.statusCode, 404)
            assert.strictEqual(details?.errors.length, 1)
          }).pipe(Effect.scoped))
      }

      it.live("the request id comes from request-id or x-request-id", () =>
        Effect.gen(function*() {
          const server = yield* scripted([
            json(404, notFoundBody, { "x-request-id": "from-x" }),
            json(401, notFoundBody, { "request-id": "plain" }),
            json(404, notFoundBody)
          ])
          const first = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          const second = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          const third = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.strictEqual((first as ProfileNotFound).requestId, "from-x")
          assert.instanceOf(second, Unauthorized)
          assert.strictEqual((second as Unauthorized).requestId, "plain")
          assert.isUndefined((third as ProfileNotFound).requestId)
        }).pipe(Effect.scoped))
    })

    describe("transport faults", () => {
      it.live("a reset connection is a TransportError Network, after the retries", () =>
        Effect.gen(function*() {
          const server = yield* scripted([reset])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.instanceOf(error, TransportError)
          assert.strictEqual((error as TransportError).reason, "Network")
          assert.strictEqual((error as TransportError).attempts, 3)
          assert.strictEqual(server.requests.length, 3)
          noSecretIn(error)
        }).pipe(Effect.scoped))

      it.live("a reset, then a 204, succeeds", () =>
        Effect.gen(function*() {
          const server = yield* scripted([reset, status(204)])
          yield* run(transport, server.url, ProfileService.deleteProfile(byUser))
          assert.strictEqual(server.requests.length, 2)
        }).pipe(Effect.scoped))

      it.live("a refused connection is a TransportError Network", () =>
        Effect.gen(function*() {
          const port = yield* closedPort
          const error = yield* failure(
            run(transport, `http://127.0.0.1:${port}`, ProfileService.deleteProfile(byUser), { retry: false })
          )
          assert.instanceOf(error, TransportError)
          assert.strictEqual((error as TransportError).reason, "Network")
          noSecretIn(error)
        }).pipe(Effect.scoped))

      it.live("a body cut off is a TransportError Network", () =>
        Effect.gen(function*() {
          const server = yield* scripted([cutBody(500)])
          const error = yield* failure(
            run(transport, server.url, ProfileService.deleteProfile(byUser), { retry: false })
          )
          assert.instanceOf(error, TransportError)
          assert.strictEqual((error as TransportError).reason, "Network")
        }).pipe(Effect.scoped))

      it.live("a server that never answers is a TransportError Timeout, within the timeout per attempt", () =>
        Effect.gen(function*() {
          const server = yield* scripted([stall])
          const started = Date.now()
          const error = yield* failure(
            run(transport, server.url, ProfileService.deleteProfile(byUser), { timeout: "200 millis" })
          )
          const elapsed = Date.now() - started
          assert.instanceOf(error, TransportError)
          assert.strictEqual((error as TransportError).reason, "Timeout")
          assert.strictEqual((error as TransportError).attempts, 3)
          assert.strictEqual(server.requests.length, 3)
          // 3 attempts of 200 ms and 2 waits of at most 50 ms, plus a margin.
          assert.isBelow(elapsed, 3 * 200 + 2 * 50 + 1500)
          noSecretIn(error)
        }).pipe(Effect.scoped))

      it.live("a timeout past 2^31 - 1 ms is no deadline, not an instant one", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          yield* run(transport, server.url, ProfileService.deleteProfile(byUser), { timeout: "30 days", retry: false })
          assert.strictEqual(server.requests.length, 1)
        }).pipe(Effect.scoped))

      it.live("a body that stalls after the headers times out too", () =>
        Effect.gen(function*() {
          const server = yield* scripted([stallBody(500)])
          const error = yield* failure(
            run(transport, server.url, ProfileService.deleteProfile(byUser), { timeout: "200 millis", retry: false })
          )
          assert.instanceOf(error, TransportError)
          assert.strictEqual((error as TransportError).reason, "Timeout")
        }).pipe(Effect.scoped))
    })

    describe("429 and Retry-After", () => {
      it.live("Retry-After in seconds is waited out in full, whatever maxDelay is", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(429, "", { "retry-after": "1" }), status(204)])
          const started = Date.now()
          yield* run(transport, server.url, ProfileService.deleteProfile(byUser), {
            retry: { baseDelay: "1 millis", maxDelay: "20 millis" }
          })
          assert.isAtLeast(Date.now() - started, 990)
          assert.strictEqual(server.requests.length, 2)
        }).pipe(Effect.scoped))

      it.live("Retry-After as an HTTP date is honoured", () =>
        Effect.gen(function*() {
          // HTTP dates have whole seconds: 2 s ahead is at least 1 s ahead.
          const date = new Date(Date.now() + 2000).toUTCString()
          const server = yield* scripted([status(429, "", { "retry-after": date }), status(204)])
          const started = Date.now()
          yield* run(transport, server.url, ProfileService.deleteProfile(byUser), {
            retry: { baseDelay: "1 millis", maxDelay: "20 millis" }
          })
          assert.isAtLeast(Date.now() - started, 900)
          assert.strictEqual(server.requests.length, 2)
        }).pipe(Effect.scoped))

      it.live("a Retry-After past maxRetryAfter fails at once with RateLimited carrying it, eleven days included", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(429, "", { "retry-after": "999999", "request-id": "far" })])
          const started = Date.now()
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.isBelow(Date.now() - started, 1000)
          assert.strictEqual(server.requests.length, 1)
          assert.instanceOf(error, RateLimited)
          const limited = error as RateLimited
          assert.strictEqual(limited.attempts, 1)
          assert.isTrue(limited.retryAfter !== undefined && Duration.equals(limited.retryAfter, Duration.seconds(999999)))
        }).pipe(Effect.scoped))

      it.live("a 503 with a Retry-After past maxRetryAfter is a ServerError carrying it, at once", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(503, "", { "retry-after": "120" })])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.strictEqual(server.requests.length, 1)
          assert.instanceOf(error, ServerError)
          const retryAfter = (error as ServerError).retryAfter
          assert.isTrue(retryAfter !== undefined && Duration.equals(retryAfter, Duration.minutes(2)))
        }).pipe(Effect.scoped))

      it.live("retry.maxRetryAfter sets the longest wait the call takes on", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(429, "", { "retry-after": "1" }), status(204)])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser), {
            retry: { ...fastRetry, maxRetryAfter: "500 millis" }
          }))
          assert.instanceOf(error, RateLimited)
          assert.strictEqual(server.requests.length, 1)
        }).pipe(Effect.scoped))

      it.live("429 after the retries is RateLimited with retryAfter and the attempts", () =>
        Effect.gen(function*() {
          const body = { errors: ["Too many requests"], error_code: "rate_limited", status_code: 429 }
          const server = yield* scripted([json(429, body, { "retry-after": "0", "request-id": "rl" })])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.instanceOf(error, RateLimited)
          const limited = error as RateLimited
          assert.strictEqual(limited.status, 429)
          assert.strictEqual(limited.attempts, 3)
          assert.strictEqual(limited.requestId, "rl")
          assert.strictEqual(limited.details?.errorCode, "rate_limited")
          assert.isTrue(limited.retryAfter !== undefined && Duration.equals(limited.retryAfter, Duration.zero))
        }).pipe(Effect.scoped))

      for (const value of ["soon", "1.5", "-5", "1,5", "2026-12-01T00:00:00Z", "+3", "0x10", ""]) {
        it.live(`a malformed Retry-After (${JSON.stringify(value)}) is ignored: the usual backoff applies`, () =>
          Effect.gen(function*() {
            const server = yield* scripted([status(429, "", { "retry-after": value })])
            const started = Date.now()
            const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
            assert.isBelow(Date.now() - started, 2000)
            assert.strictEqual(server.requests.length, 3)
            assert.isUndefined((error as RateLimited).retryAfter)
          }).pipe(Effect.scoped))
      }
    })

    describe("bounded bodies", () => {
      const bounded = (title: string, code: number, tag: DeleteProfileError["_tag"], contentLength?: number) =>
        it.live(title, () =>
          Effect.gen(function*() {
            const flood: Flood = { written: 0, closed: false }
            const server = yield* scripted([
              endless(code, flood, contentLength === undefined ? {} : { contentLength })
            ])
            const error = yield* failure(
              run(transport, server.url, ProfileService.deleteProfile(byUser), { retry: false, timeout: "20 seconds" })
            )
            assert.strictEqual(error._tag, tag)
            assert.isUndefined((error as ProfileNotFound).details)
            // The client let go: the server's writes stopped long before its cap.
            yield* Effect.repeat(Effect.sync(() => flood.closed), {
              until: (closed) => closed,
              schedule: Schedule.spaced("10 millis")
            }).pipe(Effect.timeout("5 seconds"))
            assert.isTrue(flood.closed)
            assert.isBelow(flood.written, 64 * 1024 * 1024)
          }).pipe(Effect.scoped))

      bounded("an endless 404 body is dropped past the bound: ProfileNotFound without details", 404, "ProfileNotFound")
      bounded("an endless 200 body is an UnexpectedResponse, never a success", 200, "UnexpectedResponse")
      bounded(
        "a declared Content-Length of 5 GiB is not read at all",
        404,
        "ProfileNotFound",
        5 * 1024 * 1024 * 1024
      )

      it.live("a body within the bound is read whole, with or without Content-Length", () =>
        Effect.gen(function*() {
          const padded = { ...notFoundBody, errors: [{ source: null, errors: ["x".repeat(60 * 1024)] }] }
          const chunked: Reply = (res) => {
            res.writeHead(404, { "content-type": "application/json" })
            const text = JSON.stringify(padded)
            res.write(text.slice(0, 1000))
            setTimeout(() => res.end(text.slice(1000)), 5)
          }
          const server = yield* scripted([json(404, padded), chunked])
          for (let i = 0; i < 2; i++) {
            const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
            assert.strictEqual((error as ProfileNotFound).details?.errorCode, "profile_does_not_exist")
          }
        }).pipe(Effect.scoped))
    })

    it.live("a compressed body is bounded by what it inflates to, not by its declared length", () =>
      Effect.gen(function*() {
        // 10 MB of JSON that compresses to a few kilobytes.
        const inflated = JSON.stringify({ ...notFoundBody, errors: [{ source: null, errors: ["a".repeat(10_000_000)] }] })
        const compressed = Zlib.brotliCompressSync(inflated)
        assert.isBelow(compressed.length, 64 * 1024)
        const server = yield* scripted([(res) => {
          res.writeHead(404, {
            "content-type": "application/json",
            "content-encoding": "br",
            "content-length": String(compressed.length)
          })
          res.end(compressed)
        }])
        const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser), { retry: false }))
        assert.instanceOf(error, ProfileNotFound)
        assert.isUndefined((error as ProfileNotFound).details, "read past 64 KiB of what it inflates to")
      }).pipe(Effect.scoped))

    describe("text the server sends back", () => {
      it.live("an identifier found inside Adapty's own error code does not mask the code", () =>
        Effect.gen(function*() {
          const server = yield* scripted([json(404, notFoundBody)])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile({ profileId: "does" })))
          assert.isTrue(isConfirmedNotFound(error))
        }).pipe(Effect.scoped))

      // A server (or proxy) that echoes what it was sent: the key and the identifier.
      const echo: Reply = (res, req) => {
        const authorization = String(req.headers["authorization"])
        const identifier = String(req.headers["adapty-customer-user-id"] ?? req.headers["adapty-profile-id"])
        const body = {
          errors: [
            { source: authorization, errors: [`bad key ${authorization}`, `no profile ${identifier}!`] },
            `flat ${identifier}`
          ],
          error_code: `code-${identifier}-${"z".repeat(60_000)}`,
          status_code: 401
        }
        res.writeHead(401, { "content-type": "application/json", "request-id": `req-${identifier}` })
        res.end(JSON.stringify(body))
      }

      it.live("the key and the identifier are masked in every field, and every string is cut short", () =>
        Effect.gen(function*() {
          const server = yield* scripted([echo])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
          assert.instanceOf(error, Unauthorized)
          noSecretIn(error)
          const unauthorized = error as Unauthorized
          assert.strictEqual(unauthorized.requestId, "req-<redacted>")
          const [item, flat] = unauthorized.details!.errors
          assert.deepStrictEqual(item, {
            source: "Api-Key <redacted>",
            errors: ["bad key Api-Key <redacted>", "no profile <redacted>!"]
          })
          assert.strictEqual(flat, "flat <redacted>")
          assert.isTrue(unauthorized.details!.errorCode.startsWith("code-<redacted>-zzz"))
          assert.isAtMost(unauthorized.details!.errorCode.length, 257)
          assert.isBelow(unauthorized.message.length, 400)
        }).pipe(Effect.scoped))

      it.live("an identifier shorter than 4 characters is not masked (it names no one)", () =>
        Effect.gen(function*() {
          const server = yield* scripted([echo])
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile({ profileId: "not" })))
          const [, flat] = (error as Unauthorized).details!.errors
          assert.strictEqual(flat, "flat not")
          noSecretIn(error)
        }).pipe(Effect.scoped))
    })

    describe("baseUrl", () => {
      for (const suffix of ["/?tenant=1", "/#fragment", "?", "/path?x=1"]) {
        it.live(`${JSON.stringify(suffix)} after the host is refused when the layer is built; nothing is sent`, () =>
          Effect.gen(function*() {
            const server = yield* scripted([status(204)])
            const exit = yield* Effect.exit(run(transport, `${server.url}${suffix}`, ProfileService.deleteProfile(byUser)))
            assert.isTrue(Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause)))
            assert.strictEqual(server.requests.length, 0)
          }).pipe(Effect.scoped))
      }

      for (
        const baseUrl of [
          "ftp://example.com",
          "not a url",
          "/relative",
          "https://user:secret-pw@example.com",
          "https://api.example\n.com",
          "https://api.example/pa\tth",
          "https:\\\\api.example",
          " https://api.example"
        ]
      ) {
        it.live(`${JSON.stringify(baseUrl)} is refused, and the refusal does not quote it`, () =>
          Effect.gen(function*() {
            const exit = yield* Effect.exit(run(transport, baseUrl, ProfileService.deleteProfile(byUser)))
            assert.isTrue(Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause)))
            if (Exit.isFailure(exit)) {
              assert.include(Cause.pretty(exit.cause), "baseUrl must be an absolute http: or https: URL")
              assert.notInclude(Cause.pretty(exit.cause), "secret-pw")
            }
          }))
      }
    })

    describe("transformClient", () => {
      it.live("the caller's middleware runs once per attempt, under the layer's retries", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(503), status(503), status(204)])
          let calls = 0
          yield* run(transport, server.url, ProfileService.deleteProfile(byUser), {
            transformClient: (client) =>
              client.pipe(
                HttpClient.mapRequest(HttpClientRequest.setHeader("x-proxy-auth", "proxy-token")),
                HttpClient.tapRequest(() => Effect.sync(() => void calls++))
              )
          })
          assert.strictEqual(calls, 3)
          assert.deepStrictEqual(server.requests.map((r) => r.headers["x-proxy-auth"]), ["proxy-token", "proxy-token", "proxy-token"])
        }).pipe(Effect.scoped))

      it.live("middleware that never returns is ended by the per-attempt timeout", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          const started = Date.now()
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser), {
            timeout: "300 millis",
            retry: false,
            transformClient: HttpClient.tapRequest(() => Effect.never)
          }))
          assert.isBelow(Date.now() - started, 1500)
          assert.strictEqual((error as TransportError).reason, "Timeout")
          assert.strictEqual(server.requests.length, 0)
        }).pipe(Effect.timeout("5 seconds"), Effect.scoped))

      it.live("a request the middleware changed is still aborted by the per-attempt timeout", () =>
        Effect.gen(function*() {
          const server = yield* scripted([stall])
          const started = Date.now()
          const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser), {
            timeout: "200 millis",
            retry: false,
            transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-proxy-auth", "proxy-token"))
          }))
          assert.isBelow(Date.now() - started, 1500)
          assert.strictEqual((error as TransportError).reason, "Timeout")
        }).pipe(Effect.scoped))
    })

    it.live("an inherited key is no key: nothing is sent", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(204)])
        const error = yield* failure(
          run(transport, server.url, ProfileService.deleteProfile(Object.create({ customerUserId: "inherited" })))
        )
        assert.strictEqual(error._tag, "InvalidProfileLookup")
        assert.strictEqual(server.requests.length, 0)
      }).pipe(Effect.scoped))

    describe("layerConfig", () => {
      const withEnv = (env: Record<string, string>) =>
        Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

      it.live("reads ADAPTY_API_KEY and ADAPTY_BASE_URL", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          yield* ProfileService.deleteProfile({ profileId: "p" }).pipe(
            Effect.provide(HttpProfileService.layerConfig().pipe(
              Layer.provide(transport),
              Layer.provide(withEnv({ ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: `${server.url}/` }))
            ))
          )
          assert.strictEqual(server.requests[0]!.headers["authorization"], `Api-Key ${apiKey}`)
          assert.strictEqual(server.requests[0]!.url, "/api/v2/server-side-api/profile/")
        }).pipe(Effect.scoped))

      for (
        const [title, env] of [
          ["a missing ADAPTY_API_KEY", {}],
          ["an empty ADAPTY_API_KEY", { ADAPTY_API_KEY: "" }],
          ["an ADAPTY_BASE_URL that is not a URL", { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: "not a url" }],
          ["an ADAPTY_BASE_URL with a query", { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: "https://api.example/?tenant=1" }],
          ["an ADAPTY_BASE_URL with a fragment", { ADAPTY_API_KEY: apiKey, ADAPTY_BASE_URL: "https://api.example/#x" }]
        ] as const
      ) {
        it.live(`${title} is a ConfigError that does not show the key`, () =>
          Effect.gen(function*() {
            const exit = yield* Effect.exit(
              Layer.build(HttpProfileService.layerConfig().pipe(
                Layer.provide(transport),
                Layer.provide(withEnv(env))
              )).pipe(Effect.scoped)
            )
            assert.isTrue(Exit.isFailure(exit) && Cause.isFailType(exit.cause))
            if (Exit.isSuccess(exit)) return
            assert.isTrue(ConfigError.isConfigError(Cause.squash(exit.cause)))
            assert.notInclude(Cause.pretty(exit.cause), apiKey)
          }))
      }

      it.live("a Config of the options with a baseUrl that has a query is a ConfigError; nothing is sent", () =>
        Effect.gen(function*() {
          const server = yield* scripted([status(204)])
          const exit = yield* Effect.exit(
            ProfileService.deleteProfile({ profileId: "p" }).pipe(
              Effect.provide(HttpProfileService.layerConfig({
                apiKey: Config.succeed(Redacted.make(apiKey)),
                baseUrl: Config.succeed(`${server.url}/?tenant=1`)
              }).pipe(Layer.provide(transport)))
            )
          )
          assert.isTrue(Exit.isFailure(exit) && ConfigError.isConfigError(Cause.squash(exit.cause)))
          assert.strictEqual(server.requests.length, 0)
        }).pipe(Effect.scoped))

      it.live("takes a Config of the options", () =>
        Effect.gen(function*() {
          const server = yield* scripted([stall])
          const error = yield* failure(
            ProfileService.deleteProfile({ profileId: "p" }).pipe(
              Effect.provide(HttpProfileService.layerConfig({
                apiKey: Config.succeed(Redacted.make(apiKey)),
                baseUrl: Config.succeed(server.url),
                timeout: Config.succeed(Duration.millis(100)),
                retry: Config.succeed(false as const)
              }).pipe(Layer.provide(transport)))
            )
          )
          assert.strictEqual((error as TransportError).reason, "Timeout")
          assert.strictEqual((error as TransportError).attempts, 1)
        }).pipe(Effect.scoped))
    })

    it.live("an API key that cannot travel in a header is refused when the layer is built, unquoted; nothing is sent", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(204)])
        for (const badKey of ["secret\r\nx-evil: 1", "secret-key-from-a-file\n", " secret", "sécret"]) {
          const exit = yield* Effect.exit(
            ProfileService.deleteProfile({ profileId: "p" }).pipe(
              Effect.provide(
                HttpProfileService.layer({ apiKey: Redacted.make(badKey), baseUrl: server.url }).pipe(
                  Layer.provide(transport)
                )
              )
            )
          )
          assert.isTrue(Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause)))
          if (Exit.isFailure(exit)) assert.notInclude(Cause.pretty(exit.cause), "secret")
          const configured = yield* Effect.exit(
            Layer.build(HttpProfileService.layerConfig().pipe(
              Layer.provide(transport),
              Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ADAPTY_API_KEY", badKey]]))))
            )).pipe(Effect.scoped)
          )
          assert.isTrue(Exit.isFailure(configured) && ConfigError.isConfigError(Cause.squash(configured.cause)))
          if (Exit.isFailure(configured)) {
            assert.include(Cause.pretty(configured.cause), "ADAPTY_API_KEY")
            assert.notInclude(Cause.pretty(configured.cause), "secret")
          }
        }
        assert.strictEqual(server.requests.length, 0)
      }).pipe(Effect.scoped))

    it.live("unknown statuses keep their status", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(418, "teapot")])
        const error = yield* failure(run(transport, server.url, ProfileService.deleteProfile(byUser)))
        assert.instanceOf(error, UnexpectedResponse)
        assert.strictEqual((error as UnexpectedResponse).status, 418)
      }).pipe(Effect.scoped))

    it.live("no error holds the key or the identifier, however it is printed", () =>
      Effect.gen(function*() {
        const server = yield* scripted([json(401, notFoundBody), json(404, notFoundBody), status(400), reset])
        for (let i = 0; i < 4; i++) {
          const exit = yield* Effect.exit(
            run(transport, server.url, ProfileService.deleteProfile(byUser), { retry: false })
          )
          assert.isTrue(Exit.isFailure(exit))
          if (Exit.isFailure(exit)) {
            assert.notInclude(Cause.pretty(exit.cause), apiKey)
            assert.notInclude(Cause.pretty(exit.cause), "user-secret-identifier")
            noSecretIn(Cause.squash(exit.cause))
          }
        }
      }).pipe(Effect.scoped))
  })
}
