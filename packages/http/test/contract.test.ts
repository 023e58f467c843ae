/**
 * Contract tests against the OpenAPI file kept in this repository
 * (spec/adapty-delete-profile.openapi.yaml, a copy of the one Adapty's docs
 * describe): every request the live layer sends and every response the fake
 * server answers must conform to it. Schemas are checked by Ajv, against the
 * schemas in the file itself.
 */
import { ProfileService } from "@effect-adapty/core"
import { HttpProfileService } from "@effect-adapty/http"
import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Ajv, type ValidateFunction } from "ajv"
import { Effect, Layer, Redacted } from "effect"
import { readFileSync } from "node:fs"
import * as Http from "node:http"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"
import { apiKey, type Recorded, scripted, status, transports } from "./utils.js"

interface Parameter {
  readonly name: string
  readonly in: string
  readonly required?: boolean
  readonly schema: object
}
interface Operation {
  readonly parameters: ReadonlyArray<Parameter>
  readonly security: ReadonlyArray<Record<string, ReadonlyArray<string>>>
  readonly requestBody?: unknown
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema: object }> }>
}

const document = parse(
  readFileSync(fileURLToPath(new URL("../../../spec/adapty-delete-profile.openapi.yaml", import.meta.url)), "utf8")
) as {
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: {
    readonly schemas: Record<string, object>
    readonly securitySchemes: Record<string, { readonly type: string; readonly name: string; readonly in: string; readonly default: string }>
  }
}

const ajv = new Ajv({ allErrors: true, strict: false })
const resolve = (schema: object): object => {
  const ref = (schema as { $ref?: string }).$ref
  if (ref === undefined) return schema
  // Local JSON pointers only: that is all the file uses.
  return ref.slice(2).split("/").reduce<any>((node, key) => node[key], document) as object
}
const validators = new Map<object, ValidateFunction>()
const validate = (schema: object, value: unknown): string | undefined => {
  const resolved = resolve(schema)
  let validator = validators.get(resolved)
  if (validator === undefined) {
    validator = ajv.compile(resolved)
    validators.set(resolved, validator)
  }
  return validator(value) ? undefined : ajv.errorsText(validator.errors)
}

const operationOf = (method: string, path: string): Operation => {
  const operation = document.paths[path]?.[method.toLowerCase()]
  assert.isDefined(operation, `${method} ${path} is not in the spec`)
  return operation!
}

/** Every way a request can break the contract, as sentences; empty when it conforms. */
const requestViolations = (request: Recorded): ReadonlyArray<string> => {
  const violations: Array<string> = []
  const operation = operationOf(request.method, request.url)
  const headerParams = operation.parameters.filter((p) => p.in === "header")
  const present = headerParams.filter((p) => request.headers[p.name.toLowerCase()] !== undefined)
  // "Either adapty-customer-user-id or adapty-profile-id is required": the live layer sends exactly one.
  if (present.length !== 1) violations.push(`${present.length} identifier headers`)
  for (const param of present) {
    const error = validate(param.schema, request.headers[param.name.toLowerCase()])
    if (error !== undefined) violations.push(`${param.name}: ${error}`)
  }
  for (const requirement of operation.security) {
    for (const schemeName of Object.keys(requirement)) {
      const scheme = document.components.securitySchemes[schemeName]!
      assert.strictEqual(scheme.type, "apiKey")
      assert.strictEqual(scheme.in, "header")
      const value = request.headers[scheme.name.toLowerCase()]
      const prefix = scheme.default.slice(0, scheme.default.indexOf("{"))
      if (typeof value !== "string" || !value.startsWith(prefix) || value.length === prefix.length) {
        violations.push(`${scheme.name} is not "${scheme.default}"`)
      }
    }
  }
  if (operation.requestBody === undefined && request.body !== "") violations.push("a body the spec does not define")
  return violations
}

/** Every way a response breaks the contract; empty when it conforms. */
const responseViolations = (
  operation: Operation,
  response: { readonly status: number; readonly contentType: string | null; readonly body: string }
): ReadonlyArray<string> => {
  const declared = operation.responses[String(response.status)]
  if (declared === undefined) return [`status ${response.status} is not in the spec`]
  if (declared.content === undefined) return response.status === 204 && response.body !== "" ? ["a 204 with a body"] : []
  const json = declared.content["application/json"]
  if (json === undefined) return ["unexpected content"]
  if (!(response.contentType ?? "").startsWith("application/json")) return [`content-type ${response.contentType}`]
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    return ["the body is not JSON"]
  }
  const error = validate(json.schema, body)
  return error === undefined ? [] : [error]
}

describe("contract: requests of the live layer", () => {
  for (const [name, transport] of transports) {
    it.live(`conform on ${name}, by either identifier`, () =>
      Effect.gen(function*() {
        const server = yield* scripted([status(204)])
        yield* Effect.gen(function*() {
          yield* ProfileService.deleteProfile({ customerUserId: "user-1" })
          yield* ProfileService.deleteProfile({ profileId: "3f1d9a8e-0000-4000-8000-000000000000" })
        }).pipe(Effect.provide(
          HttpProfileService.layer({ apiKey: Redacted.make(apiKey), baseUrl: `${server.url}/` }).pipe(Layer.provide(transport))
        ))
        assert.strictEqual(server.requests.length, 2)
        for (const request of server.requests) assert.deepStrictEqual(requestViolations(request), [])
      }).pipe(Effect.scoped))
  }

  it("the checks can fail: a request with both headers, no key and a body does not conform", () => {
    const violations = requestViolations({
      method: "DELETE",
      url: "/api/v2/server-side-api/profile/",
      headers: { "adapty-profile-id": "a", "adapty-customer-user-id": "b", authorization: "Bearer x" },
      rawHeaders: [],
      body: "{}"
    })
    assert.strictEqual(violations.length, 3)
  })
})

describe("contract: responses of the fake server", () => {
  const key = "contract-key"
  const Fake = FakeAdaptyServer.layer({ apiKey: Redacted.make(key) }).pipe(
    Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId: "p-1", customerUserId: "u-1" }] })),
    Layer.provideMerge(NodeHttpServer.layer(Http.createServer, { port: 0, host: "127.0.0.1" }))
  )
  const send = (headers: Record<string, string>) =>
    Effect.gen(function*() {
      const url = yield* FakeAdaptyServer.url
      const response = yield* Effect.promise(() =>
        fetch(`${url}/api/v2/server-side-api/profile/`, { method: "DELETE", headers })
      )
      const body = yield* Effect.promise(() => response.text())
      return { status: response.status, contentType: response.headers.get("content-type"), body }
    })

  it.live("204, 404, 401 (missing and wrong key) and an injected 500 conform", () =>
    Effect.gen(function*() {
      const operation = operationOf("DELETE", "/api/v2/server-side-api/profile/")
      const auth = { authorization: `Api-Key ${key}` }
      const store = yield* InMemoryProfiles
      const responses = [
        yield* send({ ...auth, "adapty-profile-id": "p-1" }),
        yield* send({ ...auth, "adapty-customer-user-id": "u-1" }),
        yield* send({ "adapty-profile-id": "p-1" }),
        yield* send({ authorization: "Api-Key wrong", "adapty-profile-id": "p-1" }),
        yield* Effect.zipRight(
          Effect.flatMap(FakeAdaptyServer.Faults, (faults) => faults.next({ _tag: "Status", status: 500 })),
          send({ ...auth, "adapty-profile-id": "p-1" })
        )
      ]
      assert.deepStrictEqual(responses.map((r) => r.status), [204, 404, 401, 401, 500])
      for (const response of responses) assert.deepStrictEqual(responseViolations(operation, response), [])
      assert.deepStrictEqual(yield* store.remaining, [])
    }).pipe(Effect.provide(Fake)))

  it.live("a request without an identifier gets a 400 the spec does not list (never a 404), with an ErrorResponse body", () =>
    Effect.gen(function*() {
      const operation = operationOf("DELETE", "/api/v2/server-side-api/profile/")
      const response = yield* send({ authorization: `Api-Key ${key}` })
      assert.strictEqual(response.status, 400)
      // The one violation is the undeclared status; the body is an ErrorResponse.
      assert.strictEqual(responseViolations(operation, response).length, 1)
      assert.strictEqual(
        responseViolations(operation, { ...response, status: 404 }).length,
        0,
        "the same body under a declared status conforms"
      )
    }).pipe(Effect.provide(Fake)))

  it("the checks can fail: undeclared statuses and bodies of the wrong shape do not conform", () => {
    const operation = operationOf("DELETE", "/api/v2/server-side-api/profile/")
    assert.strictEqual(responseViolations(operation, { status: 400, contentType: null, body: "" }).length, 1)
    assert.strictEqual(
      responseViolations(operation, { status: 404, contentType: "application/json", body: "{\"errors\":[\"x\"]}" }).length,
      1
    )
    assert.strictEqual(responseViolations(operation, { status: 401, contentType: "text/html", body: "<html>" }).length, 1)
  })
})
