import { InvalidProfileLookup, ProfileLookup, ProfileLookupRules } from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck, ParseResult, Schema } from "effect"

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
