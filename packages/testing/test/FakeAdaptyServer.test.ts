import { RateLimited, TransportError } from "@effect-adapty/core"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, layer } from "@effect/vitest"
import { Duration, Effect, Layer, Redacted } from "effect"
import { createServer } from "node:http"
import * as Http from "node:http"

const key = "fake-server-key"

const Fake = FakeAdaptyServer.layer({ apiKey: Redacted.make(key) }).pipe(
  Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId: "p-1", customerUserId: "u-1" }] })),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)

const send = (headers: Record<string, string>, options: { method?: string; path?: string } = {}) =>
  Effect.gen(function*() {
    const url = yield* FakeAdaptyServer.url
    const response = yield* Effect.promise(() =>
      fetch(`${url}${options.path ?? "/api/v2/server-side-api/profile/"}`, {
        method: options.method ?? "DELETE",
        headers
      })
    )
    const body = yield* Effect.promise(() => response.text())
    return { status: response.status, body, requestId: response.headers.get("request-id"), headers: response.headers }
  })

layer(Fake)("FakeAdaptyServer", (it) => {
  it.effect("answers 401 not_authenticated without an Authorization header", () =>
    Effect.gen(function*() {
      const response = yield* send({ "adapty-profile-id": "p-1" })
      assert.strictEqual(response.status, 401)
      assert.deepStrictEqual(JSON.parse(response.body), {
        errors: [{ source: "non_field_errors", errors: ["Authentication credentials were not provided."] }],
        error_code: "not_authenticated",
        status_code: 401
      })
      assert.match(response.requestId ?? "", /^fake-\d+$/)
    }))

  it.effect("answers 401 for a wrong key, and never echoes the key", () =>
    Effect.gen(function*() {
      const response = yield* send({ authorization: "Api-Key wrong", "adapty-profile-id": "p-1" })
      assert.strictEqual(response.status, 401)
      assert.notInclude(response.body, "wrong")
      assert.notInclude(response.body, key)
    }))

  it.effect("answers 400 when a lookup header comes twice (Node would join the two into one value)", () =>
    Effect.gen(function*() {
      const url = yield* FakeAdaptyServer.url
      for (const name of ["adapty-profile-id", "adapty-customer-user-id"]) {
        const status = yield* Effect.async<number>((resume) => {
          const { host, port } = new URL(url)
          const request = Http.request({ host: host.split(":")[0], port, method: "DELETE", path: "/api/v2/server-side-api/profile/" })
          request.setHeader("authorization", `Api-Key ${key}`)
          request.setHeader(name, ["p-1", "p-1"])
          request.on("response", (response) => {
            response.resume()
            resume(Effect.succeed(response.statusCode ?? 0))
          })
          request.end()
        })
        assert.strictEqual(status, 400, name)
      }
      assert.strictEqual((yield* (yield* InMemoryProfiles).remaining).length, 1, "nothing deleted")
    }))

  it.effect("answers 400 validation_error, never 404, for no identifier, both, or one the rules reject", () =>
    Effect.gen(function*() {
      const auth = { authorization: `Api-Key ${key}` }
      for (
        const headers of [
          auth,
          { ...auth, "adapty-profile-id": "p-1", "adapty-customer-user-id": "u-1" },
          { ...auth, "adapty-profile-id": "" }
        ]
      ) {
        const response = yield* send(headers)
        assert.strictEqual(response.status, 400)
        assert.strictEqual(JSON.parse(response.body).error_code, "validation_error")
      }
      const store = yield* InMemoryProfiles
      assert.strictEqual((yield* store.remaining).length, 1, "nothing deleted")
    }))

  it.effect("answers 204 with an empty body, then 404 profile_does_not_exist", () =>
    Effect.gen(function*() {
      const deleted = yield* send({ authorization: `Api-Key ${key}`, "adapty-customer-user-id": "u-1" })
      assert.strictEqual(deleted.status, 204)
      assert.strictEqual(deleted.body, "")
      assert.isNotNull(deleted.requestId)
      const again = yield* send({ authorization: `Api-Key ${key}`, "adapty-profile-id": "p-1" })
      assert.strictEqual(again.status, 404)
      assert.strictEqual(JSON.parse(again.body).error_code, "profile_does_not_exist")
      assert.notStrictEqual(again.requestId, deleted.requestId)
    }))

  it.effect("serves only the declared methods and paths", () =>
    Effect.gen(function*() {
      const put = yield* send({ authorization: `Api-Key ${key}`, "adapty-profile-id": "p-1" }, { method: "PUT" })
      assert.strictEqual(put.status, 404)
      const noSlash = yield* send({ authorization: `Api-Key ${key}`, "adapty-profile-id": "p-1" }, {
        path: "/api/v2/server-side-api/profile"
      })
      assert.strictEqual(noSlash.status, 404)
    }))

  it.effect("answers an injected RateLimited with 429 and Retry-After in seconds", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new RateLimited({ status: 429, retryAfter: Duration.millis(1500) }))
      const response = yield* send({ authorization: `Api-Key ${key}`, "adapty-profile-id": "p-1" })
      assert.strictEqual(response.status, 429)
      assert.strictEqual(response.headers.get("retry-after"), "2")
    }))

  it.effect("drops the connection for an injected network TransportError", () =>
    Effect.gen(function*() {
      const store = yield* InMemoryProfiles
      yield* store.failNext(new TransportError({ reason: "Network" }))
      const url = yield* FakeAdaptyServer.url
      const result = yield* Effect.tryPromise(() =>
        fetch(`${url}/api/v2/server-side-api/profile/`, {
          method: "DELETE",
          headers: { authorization: `Api-Key ${key}`, "adapty-profile-id": "p-1" }
        })
      ).pipe(Effect.either)
      assert.strictEqual(result._tag, "Left")
    }))
})
