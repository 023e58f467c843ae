/**
 * Contract tests of every operation against the profile API's OpenAPI file
 * (spec/adapty-profile-api.openapi.yaml): each request the live layer sends
 * (method, path, headers, body) is checked by Ajv against the file's own
 * schemas, and the live layer decodes the file's own example answer.
 *
 * The file marks nullable fields with OpenAPI 3.0's `nullable: true`; as
 * spec/PROFILE-API-NOTES.md advises, it becomes `type: [X, "null"]` before
 * validating. One deliberate departure: update sends only the fields it is
 * given, while the file's ProfileRequest requires `installation_meta` on
 * PATCH too; that one `required` is not applied to update's body.
 */
import { Operation, ProfileService, PurchaseService, type Transaction } from "@effect-adapty/core"
import { HttpAdapty } from "@effect-adapty/http"
import { assert, describe, it } from "@effect/vitest"
import { Ajv } from "ajv"
import { DateTime, Effect, Layer, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"
import { FakeAdaptyServer } from "@effect-adapty/testing"
import { apiKey, FakeServer, json, type Recorded, scripted, status, transports } from "./utils.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
const isObject = (value: unknown): value is { readonly [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const document: Json = parse(
  readFileSync(fileURLToPath(new URL("../../../spec/adapty-profile-api.openapi.yaml", import.meta.url)), "utf8")
)
const at = (node: Json, ...path: ReadonlyArray<string>): Json =>
  path.reduce<Json>((n, key) => {
    if (!isObject(n) || !(key in n)) throw new Error(`no ${path.join(".")} in the OpenAPI file`)
    return n[key]!
  }, node)

// `nullable: true` (OpenAPI 3.0) as JSON Schema.
const convert = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(convert)
  if (!isObject(node)) return node
  const converted: { [key: string]: Json } = Object.fromEntries(
    Object.entries(node).filter(([key]) => key !== "nullable").map(([key, value]) => [key, convert(value)])
  )
  if (node.nullable !== true) return converted
  if (typeof converted.type === "string") {
    converted.type = [converted.type, "null"]
    if (Array.isArray(converted.enum)) converted.enum = [...converted.enum, null]
    return converted
  }
  return { anyOf: [converted, { type: "null" }] }
}

const ajv = new Ajv({ allErrors: true, strict: false })
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/)
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i)
ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/)
ajv.addFormat("float", { type: "number", validate: () => true })
ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isSafeInteger(value) })
ajv.addSchema({ components: convert(at(document, "components")) }, "spec")

const withoutRequired = (schema: Json): Json => {
  if (!isObject(schema)) return schema
  const { required: _, ...rest } = schema
  return rest
}

// Local references of a schema taken out of the file point into "spec".
const rebase = (node: Json): Json =>
  Array.isArray(node)
    ? node.map(rebase)
    : isObject(node)
    ? Object.fromEntries(
      Object.entries(node).map((
        [key, value]
      ) => [key, key === "$ref" && typeof value === "string" ? `spec${value}` : rebase(value)])
    )
    : node

const bodyViolations = (schema: Json, value: unknown, dropRequired: boolean): string | undefined => {
  const ref = isObject(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined
  const resolved = ref === undefined ? schema : convert(at(document, ...ref.slice(2).split("/")))
  const validate = ajv.compile(
    dropRequired ? rebase(withoutRequired(resolved)) as object : { $ref: `spec#/${ref?.slice(2) ?? ""}` }
  )
  return validate(value) ? undefined : ajv.errorsText(validate.errors)
}

/** Every way a request breaks the file, as sentences; empty when it conforms. */
const requestViolations = (request: Recorded): ReadonlyArray<string> => {
  const violations: Array<string> = []
  const operation = at(document, "paths", request.url, request.method.toLowerCase())
  if (!isObject(operation)) return ["no such operation"]
  const parameters = at(operation, "parameters")
  const headers = Array.isArray(parameters) ? parameters.filter(isObject).filter((p) => p.in === "header") : []
  const lookups = headers.filter((p) => p.name === "adapty-customer-user-id" || p.name === "adapty-profile-id")
  const present = lookups.filter((p) => request.headers[String(p.name)] !== undefined)
  if (present.length !== 1) violations.push(`${present.length} identifier headers`)
  const sent = Object.keys(request.headers).filter((name) => name.startsWith("adapty-"))
  for (const name of sent) {
    if (!headers.some((p) => p.name === name)) violations.push(`header ${name} is not in the file`)
  }
  if (!String(request.headers["authorization"]).startsWith("Api-Key ")) violations.push("no Api-Key authorization")
  const requestBody = isObject(operation.requestBody) ? operation.requestBody : undefined
  if (requestBody === undefined) {
    if (request.body !== "") violations.push("a body the file does not define")
    return violations
  }
  if (!String(request.headers["content-type"]).startsWith("application/json")) violations.push("not JSON")
  const schema = at(requestBody, "content", "application/json", "schema")
  const error = bodyViolations(schema, JSON.parse(request.body), request.method === "PATCH")
  if (error !== undefined) violations.push(error)
  return violations
}

const getExample = at(
  document,
  "paths",
  "/api/v2/server-side-api/profile/",
  "get",
  "responses",
  "200",
  "content",
  "application/json",
  "example"
)

const deviceId = "5c8f2b8e-9a4d-4c1b-8f3e-2d7a6b1c0e9f"
const now = DateTime.unsafeMake("2026-11-30T10:00:00Z")
const subscription: Transaction = {
  purchaseType: "subscription",
  store: "stripe",
  environment: "Sandbox",
  storeProductId: "monthly",
  storeTransactionId: "txn-2",
  storeOriginalTransactionId: "txn-1",
  price: { country: "US", currency: "USD", value: 9.99 },
  purchasedAt: now,
  originallyPurchasedAt: now,
  expiresAt: DateTime.add(now, { days: 30 }),
  renewStatus: true,
  offer: Option.some({ category: "introductory", type: "free_trial" })
}
const oneTime: Transaction = {
  purchaseType: "one_time_purchase",
  store: "my-web-shop",
  storeProductId: "lifetime",
  storeTransactionId: "txn-9",
  storeOriginalTransactionId: "txn-9",
  price: { country: "DE", currency: "EUR", value: 49 },
  purchasedAt: now
}

// Every operation, with a minimal input and one with many fields.
const calls = Effect.gen(function*() {
  const profiles = yield* ProfileService
  const purchases = yield* PurchaseService
  const byUser = { customerUserId: "user-1" }
  const byId = { profileId: "3f1d9a8e-0000-4000-8000-000000000000" }
  yield* profiles.createProfile(byUser, { installationMeta: { deviceId } })
  yield* profiles.createProfile(byId, {
    firstName: Option.some("Ada"),
    email: Option.some("ada@example.com"),
    birthday: Option.some("1990-12-10"),
    gender: Option.some("f"),
    customAttributes: [{ key: "favourite_sport", value: "yoga" }, { key: "level", value: 3 }],
    installationMeta: { deviceId, platform: Option.some("web"), locale: Option.some("en-US") }
  })
  yield* profiles.getProfile(byUser)
  yield* profiles.updateProfile(byId, { lastName: Option.some("Lovelace") })
  yield* profiles.updateProfile(byUser, { email: Option.none(), customAttributes: [] })
  yield* purchases.grantAccessLevel(byUser, { accessLevelId: "premium" })
  yield* purchases.grantAccessLevel(byId, { accessLevelId: "premium", startsAt: now, expiresAt: DateTime.add(now, { days: 7 }) })
  yield* purchases.revokeAccessLevel(byUser, { accessLevelId: "premium" })
  yield* purchases.revokeAccessLevel(byId, { accessLevelId: "premium", revokeAt: DateTime.add(now, { days: 1 }) })
  yield* purchases.setTransaction(byUser, subscription)
  yield* purchases.setTransaction(byId, oneTime)
  yield* profiles.deleteProfile(byUser)
})

describe("contract: every operation's requests of the live layer", () => {
  for (const [name, transport] of transports) {
    it.live(`conform to the profile API's OpenAPI file on ${name}`, () =>
      Effect.gen(function*() {
        const answers = Array.from({ length: 11 }, () => json(200, getExample))
        const server = yield* scripted([...answers, status(204)])
        yield* calls.pipe(Effect.provide(
          HttpAdapty.layer({ apiKey: Redacted.make(apiKey), baseUrl: server.url }).pipe(Layer.provide(transport))
        ))
        assert.strictEqual(server.requests.length, 12)
        const seen = new Set(server.requests.map((r) => `${r.method} ${r.url}`))
        for (const operation of Operation.all) assert.isTrue(seen.has(`${operation.method} ${operation.path}`), operation.name)
        for (const request of server.requests) {
          assert.deepStrictEqual(requestViolations(request), [], `${request.method} ${request.url} ${request.body}`)
        }
      }).pipe(Effect.scoped))
  }

  it("the checks can fail: a grant without its id, a transaction id too long, a stray header", () => {
    const grant = {
      method: "POST",
      url: "/api/v2/server-side-api/purchase/profile/grant/access-level/",
      headers: { "adapty-profile-id": "a", authorization: "Api-Key k", "content-type": "application/json", "adapty-x": "1" },
      rawHeaders: [],
      body: "{\"starts_at\":\"2026-01-01T00:00:00Z\"}"
    }
    assert.strictEqual(requestViolations(grant).length, 2)
    const tooLong = {
      ...grant,
      url: "/api/v2/server-side-api/purchase/set/transaction/",
      headers: { ...grant.headers, "adapty-x": undefined },
      body: JSON.stringify({ purchase_type: "one_time_purchase", store_transaction_id: "x".repeat(51) })
    }
    assert.isAbove(requestViolations(tooLong).length, 0)
  })

  it.effect("the file's own example answer decodes into a Profile, and encodes back to the same JSON", () =>
    Effect.sync(() => {
      const decoded = Operation.getProfile.decodeResponse(getExample)
      assert.strictEqual(decoded._tag, "Right")
      if (decoded._tag !== "Right") return
      const encoded = Operation.getProfile.encodeResponse(decoded.right)
      assert.strictEqual(encoded._tag, "Right")
      if (encoded._tag === "Right") {
        assert.isUndefined(bodyViolations({ $ref: "#/components/schemas/ProfileResponse" }, encoded.right, false))
      }
    }))
})

describe("contract: every operation's responses of the fake server", () => {
  const declared = (method: string, path: string, status: number): Json | undefined => {
    const responses = at(document, "paths", path, method.toLowerCase(), "responses")
    return isObject(responses) ? responses[String(status)] : undefined
  }

  /** Why a response breaks the file; undefined when it conforms. */
  const responseViolation = (
    method: string,
    path: string,
    response: { readonly status: number; readonly body: string }
  ): string | undefined => {
    const entry = declared(method, path, response.status)
    if (!isObject(entry)) return `status ${response.status} is not declared`
    if (!isObject(entry.content)) return response.body === "" ? undefined : "a body where none is declared"
    const schema = at(entry.content, "application/json", "schema")
    return bodyViolations(schema, JSON.parse(response.body), false)
  }

  it.live("each operation's success and error answers conform, by either identifier", () =>
    Effect.gen(function*() {
      const baseUrl = yield* FakeAdaptyServer.url
      const send = (operation: Operation.Operation<any, any, any>, headers: Record<string, string>, body?: unknown) =>
        Effect.promise(async () => {
          const response = await fetch(`${baseUrl}${operation.path}`, {
            method: operation.method,
            headers: {
              authorization: `Api-Key ${apiKey}`,
              ...(body === undefined ? {} : { "content-type": "application/json" }),
              ...headers
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
          })
          return { status: response.status, body: await response.text() }
        })
      const wire = <I>(operation: Operation.Operation<I, any, any>, input: I): unknown => {
        const encoded = operation.encodeRequest!(input)
        assert.isTrue(encoded._tag === "Right")
        return encoded._tag === "Right" ? encoded.right : undefined
      }
      const byUser = { "adapty-customer-user-id": "contract-user" }
      const answers: Array<readonly [Operation.Operation<any, any, any>, { status: number; body: string }, number]> = []
      const expect = function*(
        operation: Operation.Operation<any, any, any>,
        headers: Record<string, string>,
        status: number,
        body?: unknown
      ) {
        const response = yield* send(operation, headers, body)
        answers.push([operation, response, status])
      }
      yield* expect(Operation.getProfile, byUser, 404)
      yield* expect(Operation.createProfile, byUser, 200, wire(Operation.createProfile, { installationMeta: { deviceId } }))
      const created = JSON.parse(answers[1]![1].body) as { data: { profile_id: string } }
      const byId = { "adapty-profile-id": created.data.profile_id }
      yield* expect(Operation.getProfile, byId, 200)
      yield* expect(Operation.updateProfile, byUser, 200, wire(Operation.updateProfile, { firstName: Option.some("Ada") }))
      yield* expect(Operation.grantAccessLevel, byId, 200, wire(Operation.grantAccessLevel, { accessLevelId: "premium" }))
      yield* expect(Operation.revokeAccessLevel, byUser, 200, wire(Operation.revokeAccessLevel, { accessLevelId: "premium" }))
      yield* expect(Operation.setTransaction, byUser, 200, wire(Operation.setTransaction, subscription))
      yield* expect(Operation.setTransaction, byId, 200, wire(Operation.setTransaction, oneTime))
      yield* expect(Operation.updateProfile, byUser, 400, { custom_attributes: "not a list" })
      yield* expect(Operation.deleteProfile, byId, 204)
      yield* expect(Operation.grantAccessLevel, byId, 404, wire(Operation.grantAccessLevel, { accessLevelId: "premium" }))
      yield* expect(Operation.getProfile, { ...byUser, authorization: "Api-Key wrong" }, 401)
      for (const [operation, response, status] of answers) {
        assert.strictEqual(response.status, status, `${operation.name} ${response.body}`)
        assert.isUndefined(responseViolation(operation.method, operation.path, response), operation.name)
      }
    }).pipe(Effect.provide(FakeServer)))

  it("the checks can fail: a profile without its id, an undeclared status", () => {
    const { data } = getExample as { data: Record<string, Json> }
    const { profile_id: _, ...withoutId } = data
    const path = "/api/v2/server-side-api/profile/"
    assert.isDefined(responseViolation("GET", path, { status: 200, body: JSON.stringify({ data: withoutId }) }))
    assert.isDefined(responseViolation("POST", path, { status: 404, body: "{}" }))
    assert.isUndefined(responseViolation("GET", path, { status: 200, body: JSON.stringify(getExample) }))
  })
})
