/**
 * Each call of Adapty's profile API as data: method, path, body and
 * response schemas, which statuses become which errors, and when a failed
 * attempt may be repeated. The live layer runs every declaration with one
 * executor, the fake server serves them, and the contract tests check them
 * against the OpenAPI file: adding an operation is adding a declaration.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import type * as Duration from "effect/Duration"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import {
  BadRequest,
  type ErrorDetails,
  type InvalidInput,
  ProfileNotFound,
  RateLimited,
  ServerError,
  type TransportError,
  Unauthorized,
  UnexpectedResponse
} from "./AdaptyError.js"
import * as AdaptyWire from "./AdaptyWire.js"
import { decodeProfileResponse } from "./internal/fastProfile.js"
import { CreateProfileInput, encodeInput, Profile, ProfileInput, ProfileResponse } from "./Profile.js"
import { AccessLevelGrant, AccessLevelRevocation, Transaction } from "./Purchase.js"

/**
 * @since 0.2.0
 * @category models
 */
export type Method = "GET" | "POST" | "PATCH" | "DELETE"

/**
 * When a failed attempt may be sent again. `idempotent`: after a transport
 * failure, a timeout, 408, 429, 500, 502, 503 or 504, as delete always was.
 * `unprocessed`: only when the server said it did not process the request
 * (429, 503), since a create repeated after a lost answer could create twice.
 *
 * @since 0.2.0
 * @category models
 */
export type RetryClass = "idempotent" | "unprocessed"

/**
 * What an error built from a response carries.
 *
 * @since 0.2.0
 * @category models
 */
export interface ResponseFields {
  readonly status: number
  readonly attempts: number
  readonly details?: ErrorDetails
  readonly requestId?: string
  readonly retryAfter?: Duration.Duration
}

/**
 * One operation. `I` is what the caller gives besides the lookup (`void`
 * when nothing), `A` what a success returns, `E` the errors a response can
 * be turned into (a transport failure adds `TransportError`).
 *
 * @since 0.2.0
 * @category models
 */
export interface Operation<I, A, E> {
  /** The service method, and the span's name after the service's. */
  readonly name: string
  readonly service: "ProfileService" | "PurchaseService"
  readonly method: Method
  /** Under the base URL; with its trailing slash, as Adapty's paths have. */
  readonly path: string
  /** 200 with a body, or 204 without one; any other status is an error. */
  readonly successStatus: 200 | 204
  readonly retry: RetryClass
  /** The request body's wire form, or `undefined` when no body is sent. */
  readonly encodeRequest: ((input: I) => Either.Either<unknown, InvalidInput>) | undefined
  /** The request body from the wire, for servers (the fake one). */
  readonly decodeRequest: ((body: unknown) => Either.Either<I, ParseResult.ParseError>) | undefined
  /** The success body from the wire (`undefined` for 204). */
  readonly decodeResponse: (body: unknown) => Either.Either<A, ParseResult.ParseError>
  /** The success body's wire form, for servers (`undefined` for 204). */
  readonly encodeResponse: (value: A) => Either.Either<unknown, ParseResult.ParseError>
  /** The error for a status other than the success status. */
  readonly errorOf: (fields: ResponseFields) => E
}

/**
 * The errors an operation's responses can end in, and its transport error.
 *
 * @since 0.2.0
 * @category models
 */
export type Failure<O> = O extends Operation<infer _I, infer _A, infer E> ? E | TransportError : never

/**
 * The mapping every profile operation shares: 401, 404, 429 and 5xx by
 * status, anything else unexpected.
 *
 * @since 0.2.0
 * @category errors
 */
export const errorOf = (
  fields: ResponseFields
): Unauthorized | ProfileNotFound | RateLimited | ServerError | UnexpectedResponse => {
  // The fields were decoded by Schema already: validating them again in the
  // constructors (`true` turns it off) would double the cost of every error.
  const status = fields.status
  if (status === 401) return new Unauthorized(withoutRetryAfter(fields), true)
  if (status === 404) return new ProfileNotFound(withoutRetryAfter(fields), true)
  if (status === 429) return new RateLimited(fields, true)
  if (status >= 500 && status <= 599) return new ServerError(fields, true)
  return new UnexpectedResponse(withoutRetryAfter(fields), true)
}

const withoutRetryAfter = (fields: ResponseFields): Omit<ResponseFields, "retryAfter"> => {
  if (fields.retryAfter === undefined) return fields
  const { retryAfter: _, ...rest } = fields
  return rest
}

// A 204 has no body: its value is decoded once, not on every answer.
const constant = <A>(decode: (body: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const empty = decode(undefined)
  return (body: unknown): Either.Either<A, ParseResult.ParseError> => body === undefined ? empty : decode(body)
}

const withFastPath = <A>(
  fast: ((body: unknown) => A | undefined) | undefined,
  decode: (body: unknown) => Either.Either<A, ParseResult.ParseError>
) =>
  fast === undefined ? decode : (body: unknown): Either.Either<A, ParseResult.ParseError> => {
    const value = fast(body)
    return value === undefined ? decode(body) : Either.right(value)
  }

const encoder = <A, I>(schema: Schema.Schema<A, I>) => Schema.encodeEither(schema)
const decoder = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknownEither(schema)

/**
 * Declares an operation from its schemas.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = <I, IW, A, AW, E>(options: {
  readonly name: string
  readonly service: "ProfileService" | "PurchaseService"
  readonly method: Method
  readonly path: string
  readonly retry: RetryClass
  readonly request?: Schema.Schema<I, IW> | undefined
  /** `Schema.Void` for an operation that answers 204 without a body. */
  readonly response: Schema.Schema<A, AW>
  readonly successStatus: 200 | 204
  readonly errorOf: (fields: ResponseFields) => E
  /** A faster decoder for the common case; `undefined` leaves it to the schema. */
  readonly fastResponse?: ((body: unknown) => A | undefined) | undefined
}): Operation<I, A, E> => ({
  name: options.name,
  service: options.service,
  method: options.method,
  path: options.path,
  successStatus: options.successStatus,
  retry: options.retry,
  encodeRequest: options.request === undefined ? undefined : encodeInput(options.request),
  decodeRequest: options.request === undefined ? undefined : decoder(options.request),
  decodeResponse: options.successStatus === 204
    ? constant(decoder(options.response))
    : withFastPath(options.fastResponse, decoder(options.response)),
  encodeResponse: encoder(options.response),
  errorOf: options.errorOf
})

/**
 * `DELETE /api/v2/server-side-api/profile/`: 204 when deleted.
 *
 * @since 0.2.0
 * @category operations
 */
export const deleteProfile: Operation<void, void, ReturnType<typeof errorOf>> = make({
  name: "deleteProfile",
  service: "ProfileService",
  method: AdaptyWire.deleteProfileMethod,
  path: AdaptyWire.profilePath,
  retry: "idempotent",
  response: Schema.Void,
  successStatus: 204,
  errorOf
})

/**
 * The mapping of the operations that send a body: 400 is `BadRequest`.
 *
 * @since 0.2.0
 * @category errors
 */
export const errorOfWithBody = (fields: ResponseFields): BadRequest | ReturnType<typeof errorOf> =>
  fields.status === 400 ? new BadRequest(withoutRetryAfter(fields), true) : errorOf(fields)

/**
 * Create names no existing profile, so a 404 is no answer it documents.
 *
 * @since 0.2.0
 * @category errors
 */
export const errorOfCreate = (
  fields: ResponseFields
): Exclude<ReturnType<typeof errorOfWithBody>, ProfileNotFound> => {
  const error = errorOfWithBody(fields)
  return error._tag === "ProfileNotFound" ? unexpected(fields) : error
}

// A 200 body is `{ "data": Profile }`; callers get the profile.
const ProfileFromResponse = Schema.transform(ProfileResponse, Schema.typeSchema(Profile), {
  strict: true,
  decode: (response) => response.data,
  encode: (data) => ({ data })
})

/**
 * `GET /api/v2/server-side-api/profile/`: the profile.
 *
 * @since 0.2.0
 * @category operations
 */
export const getProfile: Operation<void, Profile, ReturnType<typeof errorOf>> = make({
  name: "getProfile",
  service: "ProfileService",
  method: "GET",
  path: AdaptyWire.profilePath,
  retry: "idempotent",
  response: ProfileFromResponse,
  fastResponse: decodeProfileResponse,
  successStatus: 200,
  errorOf
})

/**
 * `POST /api/v2/server-side-api/profile/`: answered with 200, not 201. Not
 * idempotent: retried only when the server did not process it.
 *
 * @since 0.2.0
 * @category operations
 */
export const createProfile: Operation<CreateProfileInput, Profile, ReturnType<typeof errorOfCreate>> = make({
  name: "createProfile",
  service: "ProfileService",
  method: "POST",
  path: AdaptyWire.profilePath,
  retry: "unprocessed",
  request: CreateProfileInput,
  response: ProfileFromResponse,
  fastResponse: decodeProfileResponse,
  successStatus: 200,
  errorOf: errorOfCreate
})

/**
 * `PATCH /api/v2/server-side-api/profile/`: sends only the fields given.
 *
 * @since 0.2.0
 * @category operations
 */
export const updateProfile: Operation<ProfileInput, Profile, ReturnType<typeof errorOfWithBody>> = make({
  name: "updateProfile",
  service: "ProfileService",
  method: "PATCH",
  path: AdaptyWire.profilePath,
  retry: "idempotent",
  request: ProfileInput,
  response: ProfileFromResponse,
  fastResponse: decodeProfileResponse,
  successStatus: 200,
  errorOf: errorOfWithBody
})

/**
 * `POST /api/v2/server-side-api/purchase/profile/grant/access-level/`.
 *
 * @since 0.2.0
 * @category operations
 */
export const grantAccessLevel: Operation<AccessLevelGrant, Profile, ReturnType<typeof errorOfWithBody>> = make({
  name: "grantAccessLevel",
  service: "PurchaseService",
  method: "POST",
  path: AdaptyWire.grantAccessLevelPath,
  retry: "idempotent",
  request: AccessLevelGrant,
  response: ProfileFromResponse,
  fastResponse: decodeProfileResponse,
  successStatus: 200,
  errorOf: errorOfWithBody
})

/**
 * `POST /api/v2/server-side-api/purchase/profile/revoke/access-level/`.
 *
 * @since 0.2.0
 * @category operations
 */
export const revokeAccessLevel: Operation<AccessLevelRevocation, Profile, ReturnType<typeof errorOfWithBody>> = make({
  name: "revokeAccessLevel",
  service: "PurchaseService",
  method: "POST",
  path: AdaptyWire.revokeAccessLevelPath,
  retry: "idempotent",
  request: AccessLevelRevocation,
  response: ProfileFromResponse,
  fastResponse: decodeProfileResponse,
  successStatus: 200,
  errorOf: errorOfWithBody
})

/**
 * `POST /api/v2/server-side-api/purchase/set/transaction/`. Retried with the
 * same body, so the same `storeTransactionId`: Adapty takes a known id as
 * an update, never as a new purchase.
 *
 * @since 0.2.0
 * @category operations
 */
export const setTransaction: Operation<Transaction, Profile, ReturnType<typeof errorOfWithBody>> = make({
  name: "setTransaction",
  service: "PurchaseService",
  method: "POST",
  path: AdaptyWire.setTransactionPath,
  retry: "idempotent",
  request: Transaction,
  response: ProfileFromResponse,
  fastResponse: decodeProfileResponse,
  successStatus: 200,
  errorOf: errorOfWithBody
})

/**
 * Every declared operation, for servers and contract tests.
 *
 * @since 0.2.0
 * @category operations
 */
export const all = [
  deleteProfile,
  getProfile,
  createProfile,
  updateProfile,
  grantAccessLevel,
  revokeAccessLevel,
  setTransaction
] as const

/**
 * Whether an operation's failed attempt with this status may be repeated.
 *
 * @since 0.2.0
 * @category retries
 */
export const isRetryableStatus = (retry: RetryClass, status: number): boolean =>
  retry === "idempotent"
    ? status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504
    : status === 429 || status === 503

/**
 * Whether an operation's attempt that got no response may be repeated: the
 * server may have processed it, so only an idempotent one.
 *
 * @since 0.2.0
 * @category retries
 */
export const isRetryableTransport = (retry: RetryClass): boolean => retry === "idempotent"

/**
 * The error for a success status whose body is not the operation's
 * response: never a defect, never a half-filled model.
 *
 * @since 0.2.0
 * @category errors
 */
export const unexpected = (fields: ResponseFields): UnexpectedResponse =>
  new UnexpectedResponse(withoutRetryAfter(fields), true)
