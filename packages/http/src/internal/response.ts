/**
 * Turning what came back (or did not) into the outcome of one attempt, and
 * the outcome of the last attempt into the caller's typed error.
 *
 * @internal
 */
import {
  AdaptyWire,
  type ErrorDetails,
  ErrorDetailsFromJson,
  notFoundErrorCodes,
  Operation,
  TransportError,
  type UnexpectedResponse
} from "@effect-adapty/core"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as RetryAfter from "./retryAfter.js"

/**
 * Why an attempt did not succeed.
 *
 * @internal
 */
export type Failure =
  | {
    readonly _tag: "Status"
    readonly status: number
    readonly details: ErrorDetails | undefined
    readonly requestId: string | undefined
    readonly retryAfter: Duration.Duration | undefined
  }
  | { readonly _tag: "Transport"; readonly reason: "Network" | "Timeout" }
  // A success status whose body is not the operation's response: a proxy's
  // page, a cut or oversized body. Never retried: the server did act.
  | { readonly _tag: "Undecodable"; readonly status: number; readonly requestId: string | undefined }

/** @internal */
export interface Success<A> {
  readonly value: A
  readonly status: number
  readonly requestId: string | undefined
}

/** @internal */
export const describe = (failure: Failure): string =>
  failure._tag === "Transport" ? failure.reason : `HTTP ${failure.status}`

/** @internal */
export const isRetryable = (failure: Failure, retry: Operation.RetryClass): boolean =>
  failure._tag === "Transport"
    ? Operation.isRetryableTransport(retry)
    : failure._tag === "Status" && Operation.isRetryableStatus(retry, failure.status)

/** @internal */
export const network: Failure = { _tag: "Transport", reason: "Network" }

/** @internal */
export const timeout: Failure = { _tag: "Transport", reason: "Timeout" }

/**
 * The most of a response body that is read: an ErrorResponse is a few
 * hundred bytes, and no answer may make the client buffer without limit.
 *
 * @internal
 */
export const maxBodyBytes = 64 * 1024

/**
 * The most of a success body that is read: a profile with years of
 * purchases is some hundreds of kilobytes.
 *
 * @internal
 */
export const maxSuccessBodyBytes = 8 * 1024 * 1024

const decodeDetails = Schema.decodeUnknownOption(ErrorDetailsFromJson)

const requestIdOf = (headers: HttpClientResponse.HttpClientResponse["headers"]): string | undefined => {
  for (const name of AdaptyWire.requestIdHeaders) {
    const value = headers[name]
    if (value !== undefined && value !== "") return value
  }
  return undefined
}

const utf8 = new TextDecoder()

// Without a Content-Length the body is read a chunk at a time and given up
// past the bound; `undefined` when it was too long.
const readBounded = (
  response: HttpClientResponse.HttpClientResponse,
  bound: number
): Effect.Effect<string | undefined, Failure> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return response.stream.pipe(
      Stream.runForEachWhile((chunk) =>
        Effect.sync(() => {
          size += chunk.length
          if (size > bound) return false
          chunks.push(chunk)
          return true
        })
      ),
      Effect.map(() => size > bound ? undefined : utf8.decode(concat(chunks, size))),
      // fetch gives no stream for a status that has no body (304, 205).
      Effect.catchAll((error) => error.reason === "EmptyBody" ? Effect.succeed("") : Effect.fail(network))
    )
  })

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.length
  }
  return all
}

/**
 * The body as text, or `undefined` when it is longer than
 * {@link maxBodyBytes}; then the rest is dropped by closing the attempt's
 * scope, which aborts the request. A declared length within the bound is
 * read by the transport in one go (it cannot deliver more than it declared),
 * unless the body is encoded: fetch decompresses, and a few hundred
 * compressed bytes can inflate to gigabytes.
 *
 * @internal
 */
export const body = (
  response: HttpClientResponse.HttpClientResponse,
  scope: Scope.CloseableScope,
  bound: number = maxBodyBytes
): Effect.Effect<string | undefined, Failure> => {
  const declared = response.headers["content-length"]
  const encoding = response.headers["content-encoding"]
  const length = declared !== undefined && /^\d{1,15}$/.test(declared) &&
      (encoding === undefined || encoding === "" || encoding.toLowerCase() === "identity")
    ? Number(declared)
    : undefined
  const text = length === undefined
    ? readBounded(response, bound)
    : length <= bound
    ? Effect.mapError(response.text, () => network)
    : Effect.succeed(undefined)
  return Effect.tap(text, (read) => read === undefined ? Scope.close(scope, Exit.void) : Effect.void)
}

/**
 * What an error may keep of the server's text: at most this many
 * characters, with the API key and the lookup's value masked.
 *
 * @internal
 */
export const maxTextLength = 256

/** @internal */
export const mask = "<redacted>"

/**
 * The strings a server must not get back into an error: the API key, the
 * lookup's value, and every string the request's body sent (a name, an
 * e-mail address, a transaction id), each when it has 4 characters or more
 * (a shorter one names no one, and masking it would mangle ordinary words).
 *
 * @internal
 */
export const secretsOf = (apiKey: string, value: string, body?: unknown): ReadonlyArray<string> => {
  const secrets = new Set<string>()
  if (apiKey !== "") secrets.add(apiKey)
  if (value.length >= 4) secrets.add(value)
  if (body !== undefined) collectStrings(body, secrets)
  // Longest first, so that a secret inside another is masked as part of it.
  return [...secrets].sort((a, b) => b.length - a.length)
}

const collectStrings = (node: unknown, into: Set<string>): void => {
  if (typeof node === "string") {
    if (node.length >= 4) into.add(node)
  } else if (Array.isArray(node)) {
    for (const item of node) collectStrings(item, into)
  } else if (typeof node === "object" && node !== null) {
    for (const item of Object.values(node)) collectStrings(item, into)
  }
}

/**
 * Masks every occurrence of each secret, then cuts to
 * {@link maxTextLength}: masking first, so that a cut cannot leave part of
 * a secret behind the mask.
 *
 * @internal
 */
export const sanitize = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = text
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(mask)
  }
  return out.length > maxTextLength ? `${out.slice(0, maxTextLength)}…` : out
}

// Adapty's own error codes are its public vocabulary: masking an identifier
// found inside one (`does` in `profile_does_not_exist`) would hide Adapty's
// answer, and the code cannot carry the caller's data.
const knownErrorCodes: ReadonlySet<string> = new Set([
  ...notFoundErrorCodes,
  "not_authenticated",
  "unauthorized",
  "rate_limited",
  "validation_error",
  // The fake server's answer to a second create (Adapty documents none).
  "profile_already_exists"
])

const sanitizeCode = (code: string, secrets: ReadonlyArray<string>): string =>
  knownErrorCodes.has(code) ? code : sanitize(code, secrets)

const isClean = (text: string, secrets: ReadonlyArray<string>): boolean =>
  text.length <= maxTextLength && secrets.every((secret) => !text.includes(secret))

const sanitizeItem = (item: ErrorDetails["errors"][number], secrets: ReadonlyArray<string>) =>
  typeof item === "string"
    ? sanitize(item, secrets)
    : {
      ...(item.source === undefined ? {} : { source: item.source === null ? null : sanitize(item.source, secrets) }),
      ...(item.errors === undefined ? {} : { errors: item.errors.map((text) => sanitize(text, secrets)) })
    }

const itemIsClean = (item: ErrorDetails["errors"][number], secrets: ReadonlyArray<string>): boolean =>
  typeof item === "string"
    ? isClean(item, secrets)
    : (item.source === undefined || item.source === null || isClean(item.source, secrets)) &&
      (item.errors === undefined || item.errors.every((text) => isClean(text, secrets)))

/**
 * The details with every string sanitized; the same object when nothing
 * needed it (Adapty's own answers), so that the common case allocates nothing.
 *
 * @internal
 */
export const sanitizeDetails = (details: ErrorDetails, secrets: ReadonlyArray<string>): ErrorDetails =>
  (knownErrorCodes.has(details.errorCode) || isClean(details.errorCode, secrets)) &&
    details.errors.every((item) => itemIsClean(item, secrets))
    ? details
    : {
      errorCode: sanitizeCode(details.errorCode, secrets),
      statusCode: details.statusCode,
      errors: details.errors.map((item) => sanitizeItem(item, secrets))
    }

/**
 * Succeeds on the operation's success status only (204, or 200 with a body
 * its schema decodes): any other status, 2xx included, is a failure whose
 * body (read under the same timeout, up to the bound) gives its details when
 * it is an ErrorResponse. Every string kept from the response is sanitized.
 *
 * @internal
 */
export const fromResponse = <I, A, E>(
  operation: Operation.Operation<I, A, E>,
  response: HttpClientResponse.HttpClientResponse,
  scope: Scope.CloseableScope,
  apiKey: string,
  value: string,
  sent: unknown
): Effect.Effect<Success<A>, Failure> => {
  const status = response.status
  const rawRequestId = requestIdOf(response.headers)
  const decode = operation.decodeResponse
  // A server that echoes the key or the identifier must not get either into
  // an error or a span; a 204 without a request id (the common answer) keeps
  // nothing, so needs no list of secrets.
  if (status === 204 && operation.successStatus === 204 && rawRequestId === undefined) {
    return succeed(decode(undefined), status, undefined)
  }
  const secrets = secretsOf(apiKey, value, sent)
  const requestId = rawRequestId === undefined || isClean(rawRequestId, secrets)
    ? rawRequestId
    : sanitize(rawRequestId, secrets)
  if (status === operation.successStatus) {
    if (status === 204) return succeed(decode(undefined), status, requestId)
    return Effect.flatMap(body(response, scope, maxSuccessBodyBytes), (text) => {
      const parsed = text === undefined ? undefined : parseJson(text)
      return parsed === undefined
        ? Effect.fail<Failure>({ _tag: "Undecodable", status, requestId })
        : succeed(decode(parsed.json), status, requestId)
    })
  }
  return Effect.flatMap(body(response, scope), (text) =>
    Effect.flatMap(DateTime.now, (now) => {
      const details = text === undefined ? Option.none() : decodeDetails(text)
      return Effect.fail<Failure>({
        _tag: "Status",
        status,
        details: Option.isNone(details) ? undefined : sanitizeDetails(details.value, secrets),
        requestId,
        retryAfter: status === 429 || status === 503
          ? RetryAfter.parse(response.headers["retry-after"], DateTime.toEpochMillis(now))
          : undefined
      })
    }))
}

const succeed = <A>(
  decoded: Either.Either<A, unknown>,
  status: number,
  requestId: string | undefined
): Effect.Effect<Success<A>, Failure> =>
  Either.isRight(decoded)
    ? Effect.succeed({ value: decoded.right, status, requestId })
    : Effect.fail({ _tag: "Undecodable", status, requestId })

const parseJson = (text: string): { readonly json: unknown } | undefined => {
  try {
    return { json: JSON.parse(text) }
  } catch {
    return undefined
  }
}

/**
 * The error the caller sees once no attempt is left.
 *
 * @internal
 */
export const toError = <I, A, E>(
  operation: Operation.Operation<I, A, E>,
  failure: Failure,
  attempts: number
): E | UnexpectedResponse | TransportError => {
  // The fields were decoded by Schema already: validating them again in the
  // constructor (`true` turns it off) would double the cost of every error.
  if (failure._tag === "Transport") return new TransportError({ reason: failure.reason, attempts }, true)
  const fields: Operation.ResponseFields = failure._tag === "Undecodable"
    ? (failure.requestId === undefined
      ? { status: failure.status, attempts }
      : { status: failure.status, attempts, requestId: failure.requestId })
    : {
      status: failure.status,
      attempts,
      ...(failure.details === undefined ? {} : { details: failure.details }),
      ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }),
      ...(failure.retryAfter === undefined ? {} : { retryAfter: failure.retryAfter })
    }
  return failure._tag === "Undecodable" ? Operation.unexpected(fields) : operation.errorOf(fields)
}
