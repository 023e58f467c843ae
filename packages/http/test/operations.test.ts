/**
 * The operations added in 0.2 on the live layer against raw servers: each
 * operation's retry class, its success status and body, and the errors a
 * hostile or broken answer ends in.
 */
import { ProfileService, PurchaseService } from "@effect-adapty/core"
import { HttpAdapty } from "@effect-adapty/http"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, type Duration, Effect, Layer, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"
import { apiKey, endless, type Flood, json, type Recorded, reset, scripted, stall, status, transports } from "./utils.js"

const document = parse(
  readFileSync(fileURLToPath(new URL("../../../spec/adapty-profile-api.openapi.yaml", import.meta.url)), "utf8")
)
const profileBody: unknown = document.paths["/api/v2/server-side-api/profile/"].get.responses["200"].content[
  "application/json"
].example

// `Effect.flip` would hand a success (a Profile, with DateTimes) to the
// runner as the failure to print, which it does not manage to: fail plainly.
const failure = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<E> =>
  Effect.flatMap(Effect.either(effect), (result) =>
    result._tag === "Left" ? Effect.succeed(result.left) : Effect.dieMessage("succeeded where it should have failed"))

const deviceId = "5c8f2b8e-9a4d-4c1b-8f3e-2d7a6b1c0e9f"
const validationError = { error_code: "validation_error", status_code: 400, errors: [{ source: "email", errors: ["bad"] }] }

for (const [name, transport] of transports) {
  describe(`operations on ${name}`, () => {
    const live = (url: string, timeout: Duration.DurationInput = "2 seconds") =>
      HttpAdapty.layer({
        apiKey: Redacted.make(apiKey),
        baseUrl: url,
        timeout,
        retry: { times: 2, baseDelay: "1 millis", maxDelay: "5 millis" }
      }).pipe(Layer.provide(transport))

    it.live("getProfile decodes the OpenAPI file's example into a Profile", () =>
      Effect.gen(function*() {
        const server = yield* scripted([json(200, profileBody, { "request-id": "req-1" })])
        const profile = yield* ProfileService.getProfile({ customerUserId: "77B14FB4" }).pipe(Effect.provide(live(server.url)))
        assert.strictEqual(profile.profileId, "d8533a10-bcce-4e33-8c9d-88b05ac56559")
        assert.strictEqual(profile.accessLevels[0]!.accessLevelId, "premium")
        assert.isTrue(DateTime.isDateTime(profile.accessLevels[0]!.purchasedAt))
        assert.strictEqual(server.requests[0]!.method, "GET")
      }).pipe(Effect.scoped))

    it.live("a 200 that is not a profile (a proxy's page, a missing field) is UnexpectedResponse, not retried", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(200, "<html>login</html>", { "content-type": "text/html" })])
        const error = yield* failure(ProfileService.getProfile({ profileId: "p-1" }).pipe(Effect.provide(live(server.url))))
        assert.strictEqual(error._tag, "UnexpectedResponse")
        assert.strictEqual(error._tag === "UnexpectedResponse" && error.status, 200)
        assert.strictEqual(server.requests.length, 1)
        const { data } = profileBody as { data: Record<string, unknown> }
        const { profile_id: _, ...withoutId } = data
        const other = yield* scripted([json(200, { data: withoutId })])
        const missing = yield* failure(ProfileService.getProfile({ profileId: "p-1" }).pipe(Effect.provide(live(other.url))))
        assert.strictEqual(missing._tag, "UnexpectedResponse")
      }).pipe(Effect.scoped))

    it.live("a 204 to getProfile is no profile: UnexpectedResponse", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(204)])
        const error = yield* failure(ProfileService.getProfile({ profileId: "p-1" }).pipe(Effect.provide(live(server.url))))
        assert.strictEqual(error._tag, "UnexpectedResponse")
      }).pipe(Effect.scoped))

    it.live("an endless 200 body is read up to its bound, then the request is let go", () =>
      Effect.gen(function*() {
        const flood: Flood = { written: 0, closed: false }
        const server = yield* scripted([endless(200, flood, { cap: 64 * 1024 * 1024 })])
        const error = yield* failure(
          ProfileService.getProfile({ profileId: "p-1" }).pipe(Effect.provide(live(server.url, "10 seconds")))
        )
        assert.strictEqual(error._tag, "UnexpectedResponse")
        yield* Effect.sleep("100 millis")
        assert.isTrue(flood.closed)
        assert.isBelow(flood.written, 32 * 1024 * 1024)
      }).pipe(Effect.scoped))

    it.live("createProfile is not retried after a 500, a reset connection or a timeout", () =>
      Effect.gen(function*() {
        for (const reply of [status(500), reset, stall]) {
          const server = yield* scripted([reply, json(200, profileBody)])
          const error = yield* failure(
            ProfileService.createProfile({ customerUserId: "u-1" }, { installationMeta: { deviceId } }).pipe(
              Effect.provide(live(server.url, "300 millis"))
            )
          )
          assert.include(["ServerError", "TransportError"], error._tag)
          assert.strictEqual(server.requests.length, 1, error._tag)
        }
      }).pipe(Effect.scoped))

    it.live("createProfile is retried after a 429 or 503: the server did not process it", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(429), status(503), json(200, profileBody)])
        const profile = yield* ProfileService.createProfile({ customerUserId: "u-1" }, { installationMeta: { deviceId } })
          .pipe(Effect.provide(live(server.url)))
        assert.strictEqual(profile.appId, "14c3d333-2f3a-455a-aa86-ef83dff6913b")
        assert.strictEqual(server.requests.length, 3)
        assert.strictEqual(server.requests[2]!.body, server.requests[0]!.body)
      }).pipe(Effect.scoped))

    it.live("createProfile: a 404 is no answer create documents: UnexpectedResponse", () =>
      Effect.gen(function*() {
        const server = yield* scripted([json(404, { error_code: "profile_does_not_exist", status_code: 404, errors: [] })])
        const error = yield* failure(
          ProfileService.createProfile({ customerUserId: "u-1" }, { installationMeta: { deviceId } }).pipe(
            Effect.provide(live(server.url))
          )
        )
        assert.strictEqual(error._tag, "UnexpectedResponse")
      }).pipe(Effect.scoped))

    it.live("setTransaction retried after a 503 sends the same body, so the same storeTransactionId", () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(503), status(502), json(200, profileBody)])
        const now = DateTime.unsafeMake("2026-11-30T10:00:00Z")
        yield* PurchaseService.setTransaction({ customerUserId: "u-1" }, {
          purchaseType: "one_time_purchase",
          store: "web",
          storeProductId: "lifetime",
          storeTransactionId: "txn-42",
          storeOriginalTransactionId: "txn-42",
          price: { country: "US", currency: "USD", value: 20 },
          purchasedAt: now
        }).pipe(Effect.provide(live(server.url)))
        assert.strictEqual(server.requests.length, 3)
        const bodies = new Set(server.requests.map((r) => r.body))
        assert.strictEqual(bodies.size, 1)
        assert.include([...bodies][0]!, "\"store_transaction_id\":\"txn-42\"")
      }).pipe(Effect.scoped))

    it.live("a 400 on a call with a body is BadRequest with its details; on delete it stays UnexpectedResponse", () =>
      Effect.gen(function*() {
        const server = yield* scripted([json(400, validationError)])
        const error = yield* failure(
          PurchaseService.grantAccessLevel({ profileId: "p-1" }, { accessLevelId: "premium" }).pipe(
            Effect.provide(live(server.url))
          )
        )
        assert.strictEqual(error._tag, "BadRequest")
        assert.strictEqual(error._tag === "BadRequest" && error.details?.errorCode, "validation_error")
        assert.strictEqual(server.requests.length, 1, "a 400 is not retried")
        const deleted = yield* failure(ProfileService.deleteProfile({ profileId: "p-1" }).pipe(Effect.provide(live(server.url))))
        assert.strictEqual(deleted._tag, "UnexpectedResponse")
      }).pipe(Effect.scoped))

    it.live("an input past a documented limit is InvalidInput, names no value, and nothing is sent", () =>
      Effect.gen(function*() {
        const server = yield* scripted([json(200, profileBody)])
        const attributes = Array.from({ length: 31 }, (_, i) => ({ key: `k${i}`, value: `secret-value-${i}` }))
        const error = yield* failure(
          ProfileService.updateProfile({ profileId: "p-1" }, { customAttributes: attributes }).pipe(
            Effect.provide(live(server.url))
          )
        )
        assert.strictEqual(error._tag, "InvalidInput")
        assert.notInclude(error.message, "secret-value")
        const create = yield* failure(
          ProfileService.createProfile({ profileId: "p-1" }, {}).pipe(Effect.provide(live(server.url)))
        )
        assert.strictEqual(create._tag, "InvalidInput", "create requires installationMeta")
        assert.strictEqual(server.requests.length, 0)
      }).pipe(Effect.scoped))

    it.live("a server that quotes the body back in a 400 gets every value the caller sent masked", () =>
      Effect.gen(function*() {
        // The reply quotes the body it got (recorded before the reply runs).
        let recorded: ReadonlyArray<Recorded> = []
        const server = yield* scripted([(res) => {
          const body = recorded.at(-1)?.body ?? ""
          res.writeHead(400, { "content-type": "application/json" })
          res.end(JSON.stringify({ error_code: "validation_error", status_code: 400, errors: [`bad: ${body}`] }))
        }])
        recorded = server.requests
        const error = yield* failure(
          ProfileService.updateProfile({ profileId: "p-1" }, {
            email: Option.some("jane.doe@example.com"),
            phoneNumber: Option.some("+15551234567"),
            customAttributes: [{ key: "favourite_sport", value: "yoga at dawn" }]
          }).pipe(Effect.provide(live(server.url)))
        )
        assert.strictEqual(error._tag, "BadRequest")
        const text = JSON.stringify(error) + error.message
        for (const value of ["jane.doe@example.com", "+15551234567", "yoga at dawn"]) assert.notInclude(text, value)
        assert.include(text, "<redacted>")
      }).pipe(Effect.scoped))

    it.live("a server that echoes the identifier into a 400 gets it masked in BadRequest", () =>
      Effect.gen(function*() {
        const server = yield* scripted([(res, req) => {
          const id = String(req.headers["adapty-customer-user-id"])
          res.writeHead(400, { "content-type": "application/json" })
          res.end(JSON.stringify({ error_code: "validation_error", status_code: 400, errors: [`no user ${id}`] }))
        }])
        const error = yield* failure(
          ProfileService.updateProfile({ customerUserId: "jane.doe@example.com" }, {}).pipe(Effect.provide(live(server.url)))
        )
        assert.strictEqual(error._tag, "BadRequest")
        assert.notInclude(JSON.stringify(error), "jane.doe@example.com")
      }).pipe(Effect.scoped))
  })
}
