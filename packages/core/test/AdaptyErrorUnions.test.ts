import {
  AdaptyError,
  BadRequest,
  CreateProfileError,
  DeleteProfileError,
  GetProfileError,
  InvalidInput,
  InvalidProfileLookup,
  isConfirmedNotFound,
  isRetryable,
  ProfileNotFound,
  PurchaseError,
  RateLimited,
  ServerError,
  TransportError,
  Unauthorized,
  UnexpectedResponse,
  UpdateProfileError
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Schema } from "effect"

const details = { errorCode: "validation_error", statusCode: 400, errors: [{ source: "email", errors: ["Enter a valid email address."] }] }

// One instance of every class.
const invalidInput = new InvalidInput({ reason: "ProfileInput.email must be an e-mail address" })
const badRequest = new BadRequest({ status: 400, details })
const all: ReadonlyArray<AdaptyError> = [
  new InvalidProfileLookup({ reason: "the lookup has neither customerUserId nor profileId; give exactly one", rule: "NoKey" }),
  invalidInput,
  badRequest,
  new Unauthorized({ status: 401 }),
  new ProfileNotFound({ status: 404 }),
  new RateLimited({ status: 429 }),
  new ServerError({ status: 500 }),
  new UnexpectedResponse({ status: 200 }),
  new TransportError({ reason: "Network" })
]
const tags = all.map((error) => error._tag)

const members = <A extends AdaptyError, I>(union: Schema.Schema<A, I>): ReadonlyArray<string> =>
  all.filter(Schema.is(union)).map((error) => error._tag)

describe("BadRequest", () => {
  it("has the fields of the other response errors and a message with no value", () => {
    const error = new BadRequest({ status: 400, details, requestId: "req-1", attempts: 1 })
    assert.strictEqual(error._tag, "BadRequest")
    assert.strictEqual(
      error.message,
      "Adapty rejected the request as invalid: HTTP 400 validation_error (request id req-1) after 1 attempt"
    )
    assert.include(Cause.pretty(Cause.fail(error)), "rejected the request as invalid")
    assert.strictEqual(new BadRequest({ status: 400 }).message, "Adapty rejected the request as invalid: HTTP 400")
  })
})

describe("InvalidInput", () => {
  it("says that nothing was sent, and why", () => {
    assert.strictEqual(
      invalidInput.message,
      "Invalid input, nothing was sent: ProfileInput.email must be an e-mail address"
    )
    assert.strictEqual(invalidInput._tag, "InvalidInput")
  })

  it("encodes and decodes as a Schema class", () => {
    const encoded = Schema.encodeSync(InvalidInput)(invalidInput)
    assert.deepStrictEqual(encoded, { _tag: "InvalidInput", reason: invalidInput.reason })
    assert.deepStrictEqual(Schema.decodeSync(InvalidInput)(encoded), invalidInput)
  })
})

describe("the error unions: exactly what each operation can fail with", () => {
  it("GetProfileError is DeleteProfileError's set: no body, so no InvalidInput and no BadRequest", () => {
    assert.sameMembers([...members(GetProfileError)], [...members(DeleteProfileError)])
    assert.sameMembers([...members(GetProfileError)], [
      "InvalidProfileLookup",
      "Unauthorized",
      "ProfileNotFound",
      "RateLimited",
      "ServerError",
      "UnexpectedResponse",
      "TransportError"
    ])
  })

  it("CreateProfileError has the body's errors and no ProfileNotFound", () => {
    assert.sameMembers([...members(CreateProfileError)], [
      "InvalidProfileLookup",
      "InvalidInput",
      "BadRequest",
      "Unauthorized",
      "RateLimited",
      "ServerError",
      "UnexpectedResponse",
      "TransportError"
    ])
  })

  it("UpdateProfileError, PurchaseError and AdaptyError have every class", () => {
    for (const union of [UpdateProfileError, PurchaseError, AdaptyError]) {
      assert.sameMembers([...members(union)], tags)
    }
  })

  it("isRetryable and isConfirmedNotFound take any AdaptyError; a 400 or an invalid input is not retryable", () => {
    const retryable = all.filter(isRetryable).map((error) => error._tag)
    assert.sameMembers(retryable, ["RateLimited", "ServerError", "TransportError"])
    const error: PurchaseError = badRequest
    assert.isFalse(isConfirmedNotFound(error))
    assert.isTrue(
      isConfirmedNotFound(
        new ProfileNotFound({ status: 404, details: { errorCode: "profile_does_not_exist", statusCode: 404, errors: [] } })
      )
    )
  })
})
