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
