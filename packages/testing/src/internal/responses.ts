/**
 * The bodies the fakes answer with, as Adapty documents them.
 *
 * @internal
 */
import type { ErrorDetails } from "@effect-adapty/core"

/** @internal */
export const profileNotFound: ErrorDetails = {
  errorCode: "profile_does_not_exist",
  statusCode: 404,
  errors: [{ source: null, errors: ["Profile not found"] }]
}

/** @internal */
export const notAuthenticated: ErrorDetails = {
  errorCode: "not_authenticated",
  statusCode: 401,
  errors: [{ source: "non_field_errors", errors: ["Authentication credentials were not provided."] }]
}

/** @internal */
export const invalidApiKey: ErrorDetails = {
  errorCode: "not_authenticated",
  statusCode: 401,
  errors: [{ source: "non_field_errors", errors: ["Invalid API key."] }]
}

/** @internal */
export const invalidLookup = (reason: string): ErrorDetails => ({
  errorCode: "validation_error",
  statusCode: 400,
  errors: [{ source: "non_field_errors", errors: [reason] }]
})

/**
 * The answer to a create for a profile that exists already. Adapty
 * documents none: this is the double's choice.
 *
 * @internal
 */
export const profileAlreadyExists: ErrorDetails = {
  errorCode: "profile_already_exists",
  statusCode: 400,
  errors: [{ source: null, errors: ["Profile already exists"] }]
}

/** @internal */
export const tooManyCustomAttributes = (max: number): ErrorDetails => ({
  errorCode: "validation_error",
  statusCode: 400,
  errors: [{ source: "custom_attributes", errors: [`Ensure this field has no more than ${max} elements.`] }]
})

/**
 * The answer to a body that is not JSON or does not decode: the wire paths
 * of the fields at fault, never their values.
 *
 * @internal
 */
export const invalidBody = (sources: ReadonlyArray<string>): ErrorDetails => ({
  errorCode: "validation_error",
  statusCode: 400,
  errors: (sources.length === 0 ? ["non_field_errors"] : sources).map((source) => ({
    source,
    errors: ["Invalid value."]
  }))
})
