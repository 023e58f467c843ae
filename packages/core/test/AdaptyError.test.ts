import {
  DeleteProfileError,
  isConfirmedNotFound,
  isRetryable,
  UnexpectedResponse,
  ServerError,
  Unauthorized,
  ErrorDetails,
  ErrorDetailsFromJson,
  ProfileNotFound,
  RateLimited,
  TransportError
} from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Either, Schema } from "effect"

describe("ErrorDetails", () => {
  it("decodes both shapes of errors, snake_case to camelCase", () => {
    const objects = Schema.decodeUnknownSync(ErrorDetailsFromJson)(
      "{\"errors\":[{\"source\":null,\"errors\":[\"Profile not found\"]}],\"error_code\":\"profile_does_not_exist\",\"status_code\":404}"
    )
    assert.deepStrictEqual(objects, {
      errorCode: "profile_does_not_exist",
      statusCode: 404,
      errors: [{ source: null, errors: ["Profile not found"] }]
    })
    const flat = Schema.decodeUnknownSync(ErrorDetailsFromJson)(
      "{\"errors\":[\"Invalid API key\"],\"error_code\":\"unauthorized\",\"status_code\":401}"
    )
    assert.deepStrictEqual(flat.errors, ["Invalid API key"])
  })

  it("requires errors, error_code and status_code", () => {
    for (const body of [{ errors: [], error_code: "x" }, { errors: [], status_code: 1 }, { error_code: "x", status_code: 1 }]) {
      assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(ErrorDetails)(body)))
    }
  })

  it("encodes back to the wire form", () => {
    assert.deepStrictEqual(
      Schema.encodeSync(ErrorDetails)({ errorCode: "e", statusCode: 404, errors: ["m"] }),
      { error_code: "e", status_code: 404, errors: ["m"] }
    )
  })
})

describe("errors", () => {
  it("have readable messages with the status, code, request id and attempts", () => {
    const error = new ProfileNotFound({
      status: 404,
      requestId: "req-9",
      attempts: 1,
      details: { errorCode: "profile_does_not_exist", statusCode: 404, errors: [] }
    })
    assert.strictEqual(
      error.message,
      "Adapty profile not found: HTTP 404 profile_does_not_exist (request id req-9) after 1 attempt"
    )
    assert.include(Cause.pretty(Cause.fail(error)), "Adapty profile not found")
    assert.strictEqual(
      new TransportError({ reason: "Timeout", attempts: 3 }).message,
      "No response from Adapty: the request timed out after 3 attempts"
    )
    assert.include(new RateLimited({ status: 429, retryAfter: Duration.seconds(2) }).message, "retry after 2s")
  })

  it("DeleteProfileError is a Schema union of the seven classes", () => {
    const is = Schema.is(DeleteProfileError)
    assert.isTrue(is(new TransportError({ reason: "Network" })))
    assert.isFalse(is(new Error("x")))
  })
})

describe("isConfirmedNotFound", () => {
  it("only Adapty's own not-found answer confirms that a profile is absent", () => {
    const details = (errorCode: string) => ({ errorCode, statusCode: 404, errors: [] })
    assert.isTrue(isConfirmedNotFound(new ProfileNotFound({ status: 404, details: details("profile_does_not_exist") })))
    assert.isTrue(isConfirmedNotFound(new ProfileNotFound({ status: 404, details: details("profile_not_found") })))
    assert.isFalse(isConfirmedNotFound(new ProfileNotFound({ status: 404 })))
    assert.isFalse(isConfirmedNotFound(new ProfileNotFound({ status: 404, details: details("not_found") })))
    assert.isFalse(isConfirmedNotFound(new Unauthorized({ status: 401, details: details("profile_does_not_exist") })))
  })

  it("a ServerError may carry Retry-After, and says so", () => {
    const error = new ServerError({ status: 503, retryAfter: Duration.minutes(5) })
    assert.include(error.message, "retry after 5m")
  })
})

describe("isRetryable", () => {
  it("busy or unreachable: yes; everything that will answer the same again: no", () => {
    assert.isTrue(isRetryable(new RateLimited({ status: 429 })))
    assert.isTrue(isRetryable(new ServerError({ status: 503 })))
    assert.isTrue(isRetryable(new TransportError({ reason: "Timeout" })))
    assert.isFalse(isRetryable(new Unauthorized({ status: 401 })))
    assert.isFalse(isRetryable(new ProfileNotFound({ status: 404 })))
    assert.isFalse(isRetryable(new UnexpectedResponse({ status: 200 })))
  })
})

describe("ProfileNotFound's message", () => {
  it("says when a 404 is not Adapty's answer, which proves nothing", () => {
    assert.include(new ProfileNotFound({ status: 404 }).message, "not Adapty's answer")
  })
})
