import { InvalidProfileLookup, ProfileLookup, ProfileLookupRules } from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Ajv } from "ajv"
import { Arbitrary, Effect, Either, FastCheck, JSONSchema, ParseResult, Pretty, Schema } from "effect"

describe("ProfileLookup", () => {
  it("accepts one key with a printable ASCII value", () => {
    for (const input of [{ customerUserId: "user-1" }, { profileId: "0b4c-9f" }, { profileId: "a b" }, { profileId: "~" }]) {
      assert.isTrue(Either.isRight(ProfileLookupRules.check(input)))
    }
  })

  it("keeps only the one key", () => {
    const checked = ProfileLookupRules.check({ customerUserId: "u", extra: "x" })
    assert.deepStrictEqual(checked, Either.right({ customerUserId: "u" }))
  })

  it("accepts exactly maxLength characters and rejects one more", () => {
    const max = "x".repeat(ProfileLookupRules.maxLength)
    assert.isTrue(Either.isRight(ProfileLookupRules.check({ profileId: max })))
    assert.deepStrictEqual(
      ProfileLookupRules.check({ profileId: `${max}x` }),
      Either.left({ rule: "TooLong", key: "profileId" })
    )
  })

  it("rejects every character outside 0x20-0x7E", () => {
    for (let code = 0; code < 0x300; code++) {
      if (code >= 0x20 && code <= 0x7e) continue
      const checked = ProfileLookupRules.check({ customerUserId: `a${String.fromCharCode(code)}b` })
      assert.isTrue(Either.isLeft(checked), `U+${code.toString(16)}`)
    }
  })

  it.effect("validate fails with InvalidProfileLookup naming the rule and key, not the value", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ProfileLookupRules.validate({ customerUserId: "jane\n@example.com" }))
      assert.instanceOf(error, InvalidProfileLookup)
      assert.strictEqual(error.rule, "NotPrintableAscii")
      assert.strictEqual(error.key, "customerUserId")
      assert.include(error.message, "customerUserId")
      assert.notInclude(error.message, "jane")
      assert.notInclude(JSON.stringify(error), "jane")
    }))

  it("the Schema decodes valid input and its errors do not echo the value", () => {
    assert.deepStrictEqual(Schema.decodeUnknownSync(ProfileLookup)({ profileId: "p-1" }), { profileId: "p-1" })
    const result = Schema.decodeUnknownEither(ProfileLookup)({ profileId: " jane@example.com" })
    assert.isTrue(Either.isLeft(result))
    if (Either.isRight(result)) return
    const message = ParseResult.TreeFormatter.formatErrorSync(result.left)
    assert.include(message, "profileId has leading or trailing whitespace")
    assert.notInclude(message, "jane")
    assert.notInclude(result.left.message, "jane")
  })

  it("the Schema works inside a Struct", () => {
    const Body = Schema.Struct({ lookup: ProfileLookup })
    assert.isTrue(Either.isRight(Schema.decodeUnknownEither(Body)({ lookup: { customerUserId: "u" } })))
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Body)({ lookup: { customerUserId: "u", profileId: "p" } })))
  })

  it("its Arbitrary generates only valid lookups", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ProfileLookup), (lookup) => Either.isRight(ProfileLookupRules.check(lookup))),
      { numRuns: 500 }
    )
  })

  it("describe names the key and never quotes input", () => {
    assert.strictEqual(
      ProfileLookupRules.describe({ rule: "Empty", key: "profileId" }),
      "profileId is empty"
    )
    assert.include(ProfileLookupRules.describe({ rule: "BothKeys" }), "exactly one")
  })

  describe("only own properties count", () => {
    it("an inherited key is no key", () => {
      assert.deepStrictEqual(ProfileLookupRules.check(Object.create({ customerUserId: "x" })), Either.left({ rule: "NoKey" }))
      // Own profileId, inherited customerUserId: one key, the own one.
      const mixed = Object.assign(Object.create({ customerUserId: "inherited" }), { profileId: "own" })
      assert.deepStrictEqual(ProfileLookupRules.check(mixed), Either.right({ profileId: "own" }))
    })

    it("a JSON __proto__ key carries no lookup, even once copied with Object.assign", () => {
      const parsed: unknown = JSON.parse("{\"__proto__\": {\"customerUserId\": \"x\"}}")
      assert.deepStrictEqual(ProfileLookupRules.check(parsed), Either.left({ rule: "NoKey" }))
      assert.deepStrictEqual(ProfileLookupRules.check(Object.assign({}, parsed)), Either.left({ rule: "NoKey" }))
    })

    it("a key present as undefined is present: both keys", () => {
      assert.deepStrictEqual(
        ProfileLookupRules.check({ customerUserId: "a", profileId: undefined }),
        Either.left({ rule: "BothKeys" })
      )
    })

    it("a getter or proxy that throws is an invalid lookup, not a defect", () => {
      const getter = Object.defineProperty({}, "profileId", {
        enumerable: true,
        get: () => {
          throw new Error("boom")
        }
      })
      assert.deepStrictEqual(ProfileLookupRules.check(getter), Either.left({ rule: "Unreadable" }))
      const proxy = new Proxy({}, {
        getOwnPropertyDescriptor: () => {
          throw new Error("trap")
        }
      })
      assert.deepStrictEqual(ProfileLookupRules.check(proxy), Either.left({ rule: "Unreadable" }))
      const { proxy: revoked, revoke } = Proxy.revocable({}, {})
      revoke()
      assert.deepStrictEqual(ProfileLookupRules.check(revoked), Either.left({ rule: "Unreadable" }))
    })

    it("a getter is read once: the value checked is the value kept", () => {
      let reads = 0
      const fickle = Object.defineProperty({}, "customerUserId", {
        enumerable: true,
        get: () => reads++ === 0 ? "good" : "bad\r\nvalue"
      })
      assert.deepStrictEqual(ProfileLookupRules.check(fickle), Either.right({ customerUserId: "good" }))
      assert.strictEqual(reads, 1)
    })
  })
})

describe("ProfileLookup, the Schema and the check", () => {
  // Objects with or without either key, with values near the rules' edges.
  const value = FastCheck.oneof(
    FastCheck.string({ maxLength: 8 }),
    FastCheck.string({ unit: "binary", maxLength: 8 }),
    FastCheck.constantFrom("", " ", "a ", " a", "a\tb", "é", "x".repeat(ProfileLookupRules.maxLength), "x".repeat(4097)),
    FastCheck.integer(),
    FastCheck.constant(undefined),
    FastCheck.constant(null)
  )
  const input = FastCheck.oneof(
    FastCheck.record({ customerUserId: value, profileId: value, extra: value }, { requiredKeys: [] }),
    FastCheck.anything()
  )

  it("accept and reject the same inputs; a decoded lookup is exactly the check's", () => {
    FastCheck.assert(
      FastCheck.property(input, (candidate) => {
        const checked = ProfileLookupRules.check(candidate)
        const decoded = Schema.decodeUnknownEither(ProfileLookup)(candidate)
        assert.strictEqual(Either.isRight(decoded), Either.isRight(checked))
        if (Either.isRight(decoded) && Either.isRight(checked)) assert.deepStrictEqual(decoded.right, checked.right)
      }),
      { numRuns: 2000 }
    )
  })

  it("decoding drops extra keys, as Schema.Struct does", () => {
    const decoded = Schema.decodeUnknownSync(ProfileLookup)({ profileId: "p-1", extra: "x" })
    assert.deepStrictEqual(Object.keys(decoded), ["profileId"])
  })

  it("JSONSchema.make works, and Ajv with it accepts exactly what the check accepts (JSON input)", () => {
    const ajv = new Ajv({ strict: false })
    const validate = ajv.compile(JSONSchema.make(ProfileLookup))
    const json = FastCheck.oneof(
      FastCheck.record({ customerUserId: value, profileId: value, extra: value }, { requiredKeys: [] }),
      FastCheck.jsonValue()
    ).map((candidate) => JSON.parse(JSON.stringify(candidate ?? null)) as unknown)
    FastCheck.assert(
      FastCheck.property(json, (candidate) => {
        assert.strictEqual(validate(candidate), Either.isRight(ProfileLookupRules.check(candidate)), JSON.stringify(candidate))
      }),
      { numRuns: 2000 }
    )
  })

  it("identifierPattern and checkValue give the same answers", () => {
    const pattern = new RegExp(ProfileLookupRules.identifierPattern)
    FastCheck.assert(
      FastCheck.property(
        FastCheck.oneof(FastCheck.string({ unit: "binary", maxLength: 6 }), FastCheck.string({ maxLength: 6 })),
        (text) => {
          assert.strictEqual(pattern.test(text), ProfileLookupRules.checkValue(text) === undefined, JSON.stringify(text))
        }
      ),
      { numRuns: 5000 }
    )
  })

  it("Pretty shows a lookup's key, never its value", () => {
    assert.strictEqual(Pretty.make(ProfileLookup)({ customerUserId: "jane@example.com" }), "{ customerUserId: <redacted> }")
  })
})
