/**
 * The fast path of getProfile's decoder against the Schema decoder: on every
 * body, either the fast path gives up or it gives exactly what the Schema
 * gives (same encoded form, same types); and it never accepts a body the
 * Schema refuses.
 */
import { Operation, Profile, ProfileResponse } from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import { decodeProfileResponse } from "../src/internal/fastProfile.js"
import { example } from "./openapi.js"

const schemaDecode = Schema.decodeUnknownEither(ProfileResponse)
const encode = Schema.encodeSync(Profile)
const wire = Arbitrary.make(ProfileResponse).map(Schema.encodeSync(ProfileResponse))

type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }

// One random change somewhere in the body: a key dropped, a value replaced
// by null, a number, a string, an object, or a date that does not parse.
const mutate = (body: Json, path: ReadonlyArray<number>, replacement: Json | undefined): Json => {
  if (body === null || typeof body !== "object" || path.length === 0) return replacement ?? null
  const keys = Array.isArray(body) ? body.map((_, i) => String(i)) : Object.keys(body)
  if (keys.length === 0) return body
  const key = keys[path[0]! % keys.length]!
  const copy: Json = Array.isArray(body) ? [...body] : { ...body }
  const child = (copy as Record<string, Json>)[key]!
  if (path.length === 1 && replacement === undefined && !Array.isArray(copy)) {
    delete (copy as Record<string, Json>)[key]
    return copy
  }
  ;(copy as Record<string, Json>)[key] = mutate(child, path.slice(1), replacement)
  return copy
}

const agree = (body: unknown) => {
  const fast = decodeProfileResponse(body)
  const slow = schemaDecode(body)
  if (fast === undefined) return
  assert.isTrue(Either.isRight(slow), "the fast path accepted a body the Schema refuses")
  if (Either.isRight(slow)) assert.deepStrictEqual(encode(fast), encode(slow.right.data))
}

describe("getProfile's fast decoding path", () => {
  it("takes the OpenAPI file's example and gives what the Schema gives", () => {
    const body = example("/api/v2/server-side-api/profile/", "get", "responses", "200", "content", "application/json", "example")
    assert.isDefined(decodeProfileResponse(body), "the common case takes the fast path")
    agree(body)
    assert.deepStrictEqual(Operation.getProfile.decodeResponse(body), Either.map(schemaDecode(body), (r) => r.data))
  })

  it("gives what the Schema gives on 300 generated profiles, and takes the fast path on each", () =>
    fc.assert(
      fc.property(wire, (body) => {
        assert.isDefined(decodeProfileResponse(body))
        agree(body)
      }),
      { numRuns: 300 }
    ))

  it("never accepts what the Schema refuses, on 3,000 mutated profiles", () =>
    fc.assert(
      fc.property(
        wire,
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.option(fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.constant({}), fc.constant("not a date"), fc.double()), { nil: undefined }),
        (body, path, replacement) => agree(mutate(JSON.parse(JSON.stringify(body)) as Json, path, replacement))
      ),
      { numRuns: 3000 }
    ))
})
