/**
 * Every outcome of a profile call other than success, as a typed error, and
 * the schema of the error body Adapty answers with.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

/**
 * One entry of `errors` in Adapty's documented shape.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorItem = Schema.Struct({
  source: Schema.optional(Schema.NullOr(Schema.String)),
  errors: Schema.optional(Schema.Array(Schema.String))
}).annotations({ identifier: "ErrorItem" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ErrorItem extends Schema.Schema.Type<typeof ErrorItem> {}

/**
 * Adapty's error body, decoded from the snake_case wire form into camelCase.
 *
 * `errors` comes in two shapes in Adapty's own documentation, a list of
 * `{ source, errors }` objects or a flat list of strings; both are accepted.
 * The same schema encodes the bodies of the fake server, so that what the
 * live layer decodes and what the fake answers cannot drift apart.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorDetails = Schema.Struct({
  errorCode: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("error_code")),
  statusCode: Schema.propertySignature(Schema.Int).pipe(Schema.fromKey("status_code")),
  errors: Schema.Array(Schema.Union(ErrorItem, Schema.String))
}).annotations({ identifier: "ErrorDetails" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ErrorDetails extends Schema.Schema.Type<typeof ErrorDetails> {}

/**
 * The wire form of {@link ErrorDetails}: the `ErrorResponse` of Adapty's OpenAPI file.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorResponse extends Schema.Schema.Encoded<typeof ErrorDetails> {}

/**
 * {@link ErrorDetails} from a JSON string, as a response body arrives.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorDetailsFromJson: Schema.Schema<ErrorDetails, string> = Schema.parseJson(ErrorDetails)

/**
 * The rules a lookup can break, named so that callers can branch on them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LookupRule = Schema.Literal(
  "NotAnObject",
  "NoKey",
  "BothKeys",
  "NotAString",
  "Empty",
  "TooLong",
  "Whitespace",
  "NotPrintableAscii",
  "Unreadable"
)

/**
 * @since 0.1.0
 * @category models
 */
export type LookupRule = Schema.Schema.Type<typeof LookupRule>

/**
 * The two keys a lookup may use.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LookupKey = Schema.Literal("customerUserId", "profileId")

/**
 * @since 0.1.0
 * @category models
 */
export type LookupKey = Schema.Schema.Type<typeof LookupKey>

const responseFields = {
  status: Schema.Int,
  details: Schema.optional(ErrorDetails),
  requestId: Schema.optional(Schema.String),
  attempts: Schema.optional(Schema.Int)
}

// Log lines should let on-call find the request in Adapty's logs and see how
// hard the client tried, and nothing more: no key, no identifier.
const suffix = (self: { readonly requestId?: string | undefined; readonly attempts?: number | undefined }): string =>
  (self.requestId === undefined ? "" : ` (request id ${self.requestId})`) +
  (self.attempts === undefined ? "" : ` after ${self.attempts} attempt${self.attempts === 1 ? "" : "s"}`)

const code = (details: ErrorDetails | undefined): string => details === undefined ? "" : ` ${details.errorCode}`

const wait = (retryAfter: Duration.Duration | undefined): string =>
  retryAfter === undefined ? "" : `, retry after ${Duration.format(retryAfter)}`

/**
 * The lookup broke a rule; nothing was sent. The reason names the rule and
 * the key, never the value.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidProfileLookup extends Schema.TaggedError<InvalidProfileLookup>(
  "@effect-adapty/core/InvalidProfileLookup"
)("InvalidProfileLookup", {
  reason: Schema.String,
  rule: LookupRule,
  key: Schema.optional(LookupKey)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Invalid profile lookup: ${this.reason}`
  }
}

/**
 * HTTP 401: the API key is missing, wrong or revoked. Retrying will not help.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("@effect-adapty/core/Unauthorized")(
  "Unauthorized",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Adapty rejected the API key: HTTP ${this.status}${code(this.details)}${suffix(this)}`
  }
}

/**
 * HTTP 404: no profile matches the lookup (it never existed, or it was
 * already deleted).
 *
 * @since 0.1.0
 * @category errors
 */
export class ProfileNotFound extends Schema.TaggedError<ProfileNotFound>("@effect-adapty/core/ProfileNotFound")(
  "ProfileNotFound",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return isConfirmedNotFound(this)
      ? `Adapty profile not found: HTTP ${this.status}${code(this.details)}${suffix(this)}`
      : `Not found, but not Adapty's answer (the profile may exist; check the base URL): HTTP ${this.status}${
        code(this.details)
      }${suffix(this)}`
  }
}

/**
 * HTTP 429, still after the retries: the app is over Adapty's rate limit.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("@effect-adapty/core/RateLimited")("RateLimited", {
  ...responseFields,
  retryAfter: Schema.optional(Schema.DurationFromSelf)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Adapty rate limit reached: HTTP ${this.status}${code(this.details)}${wait(this.retryAfter)}${suffix(this)}`
  }
}

/**
 * HTTP 5xx, still after the retries. A 503 may carry the server's
 * `Retry-After` as `retryAfter`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>("@effect-adapty/core/ServerError")("ServerError", {
  ...responseFields,
  retryAfter: Schema.optional(Schema.DurationFromSelf)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Adapty server error: HTTP ${this.status}${code(this.details)}${wait(this.retryAfter)}${suffix(this)}`
  }
}

/**
 * Any status the contract does not name, including every 2xx other than 204:
 * only 204 means deleted, so a proxy's `200` page never counts as one.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedResponse extends Schema.TaggedError<UnexpectedResponse>(
  "@effect-adapty/core/UnexpectedResponse"
)("UnexpectedResponse", responseFields) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Unexpected response from Adapty: HTTP ${this.status}${code(this.details)}${suffix(this)}`
  }
}

/**
 * No HTTP response: the connection was refused or reset, the name did not
 * resolve, the body was cut off, or an attempt ran past its timeout; still
 * after the retries.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-adapty/core/TransportError")(
  "TransportError",
  {
    reason: Schema.Literal("Network", "Timeout"),
    attempts: Schema.optional(Schema.Int)
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const what = this.reason === "Timeout" ? "the request timed out" : "the request failed on the network"
    return `No response from Adapty: ${what}${suffix(this)}`
  }
}

/**
 * Every way `deleteProfile` can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export const DeleteProfileError = Schema.Union(
  InvalidProfileLookup,
  Unauthorized,
  ProfileNotFound,
  RateLimited,
  ServerError,
  UnexpectedResponse,
  TransportError
)

/**
 * @since 0.1.0
 * @category errors
 */
export type DeleteProfileError = Schema.Schema.Type<typeof DeleteProfileError>

/**
 * The errors that carry an HTTP response.
 *
 * @since 0.1.0
 * @category errors
 */
export type ResponseError = Unauthorized | ProfileNotFound | RateLimited | ServerError | UnexpectedResponse

/**
 * The error codes with which Adapty answers a 404 for a profile that does not
 * exist (`profile_does_not_exist` on the profile operations,
 * `profile_not_found` elsewhere in its API).
 *
 * @since 0.1.0
 * @category errors
 */
export const notFoundErrorCodes: ReadonlyArray<string> = ["profile_does_not_exist", "profile_not_found"]

/**
 * Whether an error proves that the profile is absent: a `ProfileNotFound`
 * whose body is Adapty's own not-found answer. A 404 without it (a proxy's
 * page, a base URL that is not Adapty's API) proves nothing, so an erasure
 * must not count it as done.
 *
 * @since 0.1.0
 * @category errors
 */
export const isConfirmedNotFound = (error: AdaptyError): boolean =>
  error._tag === "ProfileNotFound" && error.details !== undefined &&
  notFoundErrorCodes.includes(error.details.errorCode)

/**
 * Whether the same call may succeed later: Adapty was busy (`RateLimited`,
 * `ServerError`) or could not be reached (`TransportError`). Every other
 * error will come back the same until something changes: the input, the
 * key, the base URL. A delete retried later is safe: a profile deleted by an
 * earlier attempt answers with `ProfileNotFound`.
 *
 * @since 0.1.0
 * @category errors
 */
export const isRetryable = (error: AdaptyError): boolean =>
  error._tag === "RateLimited" || error._tag === "ServerError" || error._tag === "TransportError"

/**
 * HTTP 400: Adapty rejected the request as invalid (`validation_error`, …).
 * The body's `details` say which field; sending the same request again will
 * not help.
 *
 * @since 0.2.0
 * @category errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>("@effect-adapty/core/BadRequest")(
  "BadRequest",
  responseFields
) {
  /**
   * @since 0.2.0
   */
  override get message(): string {
    return `Adapty rejected the request as invalid: HTTP ${this.status}${code(this.details)}${suffix(this)}`
  }
}

/**
 * A request body broke a rule Adapty documents (a limit, a format, a type);
 * nothing was sent. The reason names the field and the rule, never the
 * value: values are personal data.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("@effect-adapty/core/InvalidInput")(
  "InvalidInput",
  { reason: Schema.String }
) {
  /**
   * @since 0.2.0
   */
  override get message(): string {
    return `Invalid input, nothing was sent: ${this.reason}`
  }
}

/**
 * Every way `getProfile` can fail: the same as `deleteProfile`. It sends no
 * body, so no `InvalidInput`; and since the lookup is checked before sending,
 * a 400 has no documented cause (the OpenAPI file lists none for it) and is
 * an `UnexpectedResponse`, as it is for delete.
 *
 * @since 0.2.0
 * @category errors
 */
export const GetProfileError = Schema.Union(...DeleteProfileError.members)

/**
 * @since 0.2.0
 * @category errors
 */
export type GetProfileError = Schema.Schema.Type<typeof GetProfileError>

/**
 * Every way `createProfile` can fail. It sends a body, so `InvalidInput`
 * before sending and `BadRequest` (400) after. No `ProfileNotFound`: a 404
 * cannot mean that a profile being created is missing, so it is an
 * `UnexpectedResponse` (a wrong base URL, a proxy).
 *
 * @since 0.2.0
 * @category errors
 */
export const CreateProfileError = Schema.Union(
  InvalidProfileLookup,
  InvalidInput,
  BadRequest,
  Unauthorized,
  RateLimited,
  ServerError,
  UnexpectedResponse,
  TransportError
)

/**
 * @since 0.2.0
 * @category errors
 */
export type CreateProfileError = Schema.Schema.Type<typeof CreateProfileError>

/**
 * Every way `updateProfile` can fail: those of `createProfile` (a body:
 * `InvalidInput`, `BadRequest`), and `ProfileNotFound`, since the profile
 * must exist.
 *
 * @since 0.2.0
 * @category errors
 */
export const UpdateProfileError = Schema.Union(...CreateProfileError.members, ProfileNotFound)

/**
 * @since 0.2.0
 * @category errors
 */
export type UpdateProfileError = Schema.Schema.Type<typeof UpdateProfileError>

/**
 * Every way `grantAccessLevel`, `revokeAccessLevel` and `setTransaction` can
 * fail: a body (`InvalidInput`, `BadRequest`) about a profile that must
 * already exist (`ProfileNotFound`).
 *
 * @since 0.2.0
 * @category errors
 */
export const PurchaseError = Schema.Union(...UpdateProfileError.members)

/**
 * @since 0.2.0
 * @category errors
 */
export type PurchaseError = Schema.Schema.Type<typeof PurchaseError>

/**
 * Every error class of the client, whatever the operation. (Today these are
 * the members of `UpdateProfileError`, which can fail in every way there is.)
 *
 * @since 0.2.0
 * @category errors
 */
export const AdaptyError = Schema.Union(...UpdateProfileError.members)

/**
 * @since 0.2.0
 * @category errors
 */
export type AdaptyError = Schema.Schema.Type<typeof AdaptyError>
