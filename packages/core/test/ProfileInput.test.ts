import {
  checkCreateProfileInput,
  checkProfileInput,
  CreateProfileInput,
  encodeInput,
  maxCustomAttributeKeyLength,
  maxCustomAttributes,
  maxCustomAttributeValueLength,
  ProfileInput
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck, Option, Schema } from "effect"
import { at, example, violations } from "./openapi.js"
import { rejected, secret } from "./rejected.js"

const profilePath = "/api/v2/server-side-api/profile/"
const createRequest = example(profilePath, "post", "requestBody", "content", "application/json", "example")
const requestExample = at("components", "schemas", "ProfileRequest", "example")


const deviceId = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

/** The rejection of an input, checked for what it says and what it must not. */

describe("ProfileInput: the body of create and update", () => {
  it("decodes the createProfile request example and encodes it back unchanged; it conforms to ProfileRequest", () => {
    const input = Schema.decodeUnknownSync(CreateProfileInput)(createRequest)
    assert.deepStrictEqual(input.firstName, Option.some("Jane"))
    assert.deepStrictEqual(input.gender, Option.some("f"))
    assert.deepStrictEqual(input.birthday, Option.some("2000-12-31"))
    assert.deepStrictEqual(input.analyticsDisabled, Option.some(true))
    assert.deepStrictEqual(input.customAttributes, [{ key: "favourite_sport", value: "yoga" }])
    assert.strictEqual(input.installationMeta.deviceId, deviceId)
    assert.deepStrictEqual(input.installationMeta.platform, Option.some("iOS"))
    assert.deepStrictEqual(input.installationMeta.advertisingId, Option.some(""))
    const encoded = Schema.encodeSync(CreateProfileInput)(input)
    assert.deepStrictEqual(encoded, createRequest)
    assert.isUndefined(violations("ProfileRequest", encoded))
  })

  it("the same for the ProfileRequest schema's own example (every field)", () => {
    const input = Schema.decodeUnknownSync(CreateProfileInput)(requestExample)
    assert.deepStrictEqual(input.attStatus, Option.some(3))
    assert.deepStrictEqual(input.storeAccountToken, Option.some(deviceId))
    assert.deepStrictEqual(input.ipV4Address, Option.some("192.168.1.1"))
    assert.deepStrictEqual(input.installationMeta.adaptySdkVersion, Option.some("2.0.0"))
    assert.deepStrictEqual(Schema.encodeSync(CreateProfileInput)(input), requestExample)
    assert.isTrue(Either.isRight(checkCreateProfileInput(input)))
  })

  it("update sends only the fields it is given; Option.none() is sent as null", () => {
    const encode = encodeInput(ProfileInput)
    assert.deepStrictEqual(encode({}), Either.right({}))
    assert.deepStrictEqual(encode({ firstName: Option.some("Jane") }), Either.right({ first_name: "Jane" }))
    assert.deepStrictEqual(
      encode({ lastName: Option.none(), attStatus: Option.some(0), analyticsDisabled: Option.some(false) }),
      Either.right({ last_name: null, att_status: 0, analytics_disabled: false })
    )
    const wire = Either.getOrThrow(encode({ firstName: undefined, email: undefined, customAttributes: undefined }))
    assert.deepStrictEqual(Object.keys(wire), [], "undefined is left out, not sent as a key")
    // A partial body is no ProfileRequest (which requires installation_meta): see API.md.
    assert.isDefined(violations("ProfileRequest", Either.getOrThrow(encode({ firstName: Option.some("Jane") }))))
  })

  it("maps every field to its snake_case key, in nested objects too", () => {
    const wire = Either.getOrThrow(encodeInput(ProfileInput)({
      phoneNumber: Option.some("+1"),
      ipCountry: Option.some("FR"),
      storeCountry: Option.some("US"),
      customAttributes: [{ key: "level", value: 3 }],
      installationMeta: { deviceId, userAgent: Option.some("UA"), androidAppSetId: Option.none() }
    }))
    assert.deepStrictEqual(wire, {
      phone_number: "+1",
      ip_country: "FR",
      store_country: "US",
      custom_attributes: [{ key: "level", value: 3 }],
      installation_meta: { device_id: deviceId, user_agent: "UA", android_app_set_id: null }
    })
  })

  it("check gives a fresh copy with only the known fields", () => {
    const input = { firstName: Option.some("Jane"), password: "hunter2", installationMeta: { deviceId, extra: 1 } }
    assert.deepStrictEqual(
      checkProfileInput(input),
      Either.right({ firstName: Option.some("Jane"), installationMeta: { deviceId } })
    )
    assert.deepStrictEqual(
      encodeInput(ProfileInput)(input),
      Either.right({ first_name: "Jane", installation_meta: { device_id: deviceId } })
    )
  })

  it("create requires installationMeta with its deviceId; update does not", () => {
    rejected(checkCreateProfileInput, { firstName: Option.some(secret) }, "CreateProfileInput.installationMeta", "is required")
    rejected(checkCreateProfileInput, { installationMeta: {} }, "installationMeta.deviceId", "is required")
    assert.isTrue(Either.isRight(checkCreateProfileInput({ installationMeta: { deviceId } })))
    assert.isTrue(Either.isRight(checkProfileInput({ firstName: Option.some("Jane") })))
  })

  it("accepts every limit at its bound", () => {
    const attributes = Array.from({ length: maxCustomAttributes }, (_, i) => ({
      key: `${"k".repeat(maxCustomAttributeKeyLength - 3)}_${String(i).padStart(2, "0")}`,
      value: i % 2 === 0 ? "v".repeat(maxCustomAttributeValueLength) : -1.5e300
    }))
    const checked = checkProfileInput({ customAttributes: attributes })
    assert.isTrue(Either.isRight(checked), Either.isLeft(checked) ? checked.left.reason : "")
    // Characters are code points: 50 emoji are 50 characters (100 UTF-16 units).
    assert.isTrue(Either.isRight(checkProfileInput({ customAttributes: [{ key: "A-z.0_9", value: "😀".repeat(50) }] })))
  })

  describe("rejects, naming the field and the rule but never the value", () => {
    const attribute = (key: unknown, value: unknown) => ({ customAttributes: [{ key: "ok", value: "fine" }, { key, value }] })
    const cases: ReadonlyArray<readonly [string, unknown, string, string]> = [
      [
        "more than 30 custom attributes",
        { customAttributes: Array.from({ length: 31 }, (_, i) => ({ key: `k${i}`, value: `${secret}${i}` })) },
        "ProfileInput.customAttributes",
        "at most 30 attributes"
      ],
      ["a key over 30 characters", attribute(`${secret}${"k".repeat(20)}`, "v"), "customAttributes[1].key", "at most 30 characters"],
      ["a key with a space", attribute(`${secret} x`, "v"), "customAttributes[1].key", "letters, digits, '-', '.' and '_' only"],
      ["a key with a non-ASCII letter", attribute(`${secret}é`, "v"), "customAttributes[1].key", "letters, digits"],
      ["a key with a slash", attribute(`${secret}/x`, "v"), "customAttributes[1].key", "letters, digits"],
      ["an empty key", attribute("", secret), "customAttributes[1].key", "at least 1 character"],
      ["a key that is not a string", attribute(42, secret), "customAttributes[1].key", "a string"],
      ["a value over 50 characters", attribute("k", `${secret}${"v".repeat(40)}`), "customAttributes[1].value", "at most 50 characters"],
      ["an empty value", attribute("k", ""), "customAttributes[1].value", "at least 1 character"],
      ["a NaN value", attribute("k", Number.NaN), "customAttributes[1].value", "a finite number"],
      ["an infinite value", attribute("k", Number.POSITIVE_INFINITY), "customAttributes[1].value", "a finite number"],
      ["a boolean value", attribute("k", true), "customAttributes[1].value", "a string or a finite number"],
      ["a missing value", { customAttributes: [{ key: secret }] }, "customAttributes[0].value", "is required"],
      ["custom attributes that are not a list", { customAttributes: secret }, "customAttributes", "a list"],
      ["an e-mail address without @", { email: Option.some(`${secret}.example.com`) }, "ProfileInput.email", "an e-mail address"],
      ["an e-mail address with a space", { email: Option.some(`${secret} x@example.com`) }, "ProfileInput.email", "an e-mail address"],
      ["an e-mail address not in an Option", { email: `${secret}@example.com` }, "ProfileInput.email", "an Option of a string"],
      ["a birthday that is no date", { birthday: Option.some(secret) }, "ProfileInput.birthday", "YYYY-MM-DD"],
      ["a birthday that is no calendar day", { birthday: Option.some("2001-02-29") }, "ProfileInput.birthday", "YYYY-MM-DD"],
      ["a birthday with a time", { birthday: Option.some("2000-12-31T00:00:00Z") }, "ProfileInput.birthday", "YYYY-MM-DD"],
      ["a store account token that is no UUID", { storeAccountToken: Option.some(secret) }, "storeAccountToken", "Universally Unique Identifier"],
      ["a gender outside f, m, o", { gender: Option.some(secret) }, "ProfileInput.gender", "\"f\" or \"m\" or \"o\""],
      ["a store outside the enum", { store: Option.some(secret) }, "ProfileInput.store", "\"app_store\""],
      ["an ATT status outside 0-3", { attStatus: Option.some(4) }, "ProfileInput.attStatus", "0 or 1 or 2 or 3"],
      ["a first name that is a number", { firstName: Option.some(7) }, "ProfileInput.firstName", "a string"],
      ["analytics disabled as a string", { analyticsDisabled: Option.some(secret) }, "analyticsDisabled", "a boolean"],
      [
        "a device id that is no UUID",
        { installationMeta: { deviceId: secret } },
        "ProfileInput.installationMeta.deviceId",
        "Universally Unique Identifier"
      ],
      [
        "a platform outside the enum",
        { installationMeta: { deviceId, platform: Option.some(secret) } },
        "installationMeta.platform",
        "\"iOS\""
      ],
      ["an installation meta that is not an object", { installationMeta: secret }, "ProfileInput.installationMeta", "an object"],
      ["no object at all", secret, "the ProfileInput", "must be an object"],
      ["null", null, "the ProfileInput", "must be an object"]
    ]
    for (const [name, input, field, rule] of cases) {
      it(name, () => rejected(checkProfileInput, input, field, rule))
    }

    it("the same reasons from create's check and from encodeInput", () => {
      for (const [, input, field, rule] of cases) {
        if (typeof input !== "object" || input === null) continue
        rejected(checkCreateProfileInput, { installationMeta: { deviceId }, ...input }, field.replace("ProfileInput", ""), rule)
        rejected(encodeInput(ProfileInput), input, field, rule)
      }
    })
  })

  it.effect("an InvalidInput is a failure in an Effect, with a message that reads well", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(checkProfileInput({ customAttributes: [{ key: "k", value: `${secret}${"x".repeat(60)}` }] }))
      assert.strictEqual(
        error.message,
        "Invalid input, nothing was sent: ProfileInput.customAttributes[0].value must be at most 50 characters long"
      )
    }))

  it("any valid input encodes to a body that conforms to ProfileRequest and decodes back to itself", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(CreateProfileInput), (input) => {
        const wire = Either.getOrThrow(encodeInput(CreateProfileInput)(input))
        assert.isUndefined(violations("ProfileRequest", wire))
        assert.isTrue(Either.isRight(checkCreateProfileInput(input)))
        // Undefined fields are left out, so the round trip is compared on the wire.
        assert.deepStrictEqual(Schema.encodeSync(CreateProfileInput)(Schema.decodeUnknownSync(CreateProfileInput)(wire)), wire)
      }),
      { numRuns: 200 }
    )
  })
})
