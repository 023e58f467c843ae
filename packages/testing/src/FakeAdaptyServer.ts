/**
 * A fake Adapty server: a real HTTP endpoint for every operation core
 * declares (`Operation.all`: profile create, get, update and delete,
 * access-level grant and revoke, set transaction), over the in-memory store,
 * that answers as the spec and Adapty's documented behaviour say. The caller
 * serves it on the listener of its choice (for example `NodeHttpServer.layer`
 * on port 0), so that this package does not depend on a platform.
 *
 * @since 0.1.0
 */
import { AdaptyWire, ErrorDetails, Operation, type ProfileLookup, ProfileLookupRules } from "@effect-adapty/core"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type Fault, InMemoryProfiles } from "./InMemoryProfiles.js"
import * as FaultQueue from "./internal/faultQueue.js"
import * as Responses from "./internal/responses.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The only key the server accepts, as `Authorization: Api-Key <key>`. */
  readonly apiKey: Redacted.Redacted<string>
}

/**
 * A fault of the HTTP exchange itself, as a flaky network, proxy or
 * overloaded server produces. It is applied before the request is
 * processed: nothing is changed.
 *
 * - `StallBeforeHeaders`: never answers.
 * - `StallMidBody`: sends the headers and part of the body, then nothing.
 * - `Reset`: closes the connection without an answer.
 * - `CutBody`: sends the headers and part of a body announced longer, then
 *   closes the connection.
 * - `BrokenJson`: a complete answer whose JSON body is broken (default 500).
 * - `Html`: a proxy's HTML error page (default 502).
 * - `RateLimited`: 429 `rate_limited`, with `Retry-After` in seconds or as an
 *   HTTP date when given.
 * - `Status`: any status with an ErrorResponse body (for example bursts of
 *   503 with `times`).
 * - `SlowDrip`: an ErrorResponse (default 503) sent one byte every `interval`.
 *
 * @since 0.1.0
 * @category faults
 */
export type HttpFault =
  | { readonly _tag: "StallBeforeHeaders" }
  | { readonly _tag: "StallMidBody"; readonly status?: number | undefined }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "CutBody"; readonly status?: number | undefined }
  | { readonly _tag: "BrokenJson"; readonly status?: number | undefined }
  | { readonly _tag: "Html"; readonly status?: number | undefined }
  | { readonly _tag: "RateLimited"; readonly retryAfter?: number | Date | undefined }
  | { readonly _tag: "Status"; readonly status: number; readonly details?: ErrorDetails | undefined }
  | {
    readonly _tag: "SlowDrip"
    readonly interval: Duration.DurationInput
    readonly status?: number | undefined
  }

/**
 * Controls the HTTP faults of a running fake server. Scripted faults come
 * first, in order; when none is queued, a random fault is drawn if
 * {@link FaultControl.random} set a probability.
 *
 * @since 0.1.0
 * @category faults
 */
export interface FaultControl {
  /** The next `times` requests (default 1; `Infinity` until cleared) get `fault`. */
  readonly next: (fault: HttpFault, options?: { readonly times?: number | undefined }) => Effect.Effect<void>
  /** One entry per coming request, in order: a fault, or `undefined` to answer normally. */
  readonly script: (steps: ReadonlyArray<HttpFault | undefined>) => Effect.Effect<void>
  /**
   * Once the script is used up, each request gets one of `faults` (uniformly)
   * with `probability`. `seed` makes a run repeatable.
   */
  readonly random: (options: {
    readonly probability: number
    readonly faults: ReadonlyArray<HttpFault>
    readonly seed?: number | undefined
  }) => Effect.Effect<void>
  /** Drops the script and the random faults. */
  readonly clear: Effect.Effect<void>
  /** How many requests the server has received. */
  readonly requestCount: Effect.Effect<number>
}

/**
 * The fault control of the fake server, provided by {@link layer}.
 *
 * @example
 * ```ts
 * import { FakeAdaptyServer } from "@effect-adapty/testing"
 * import { Effect } from "effect"
 *
 * const flaky = Effect.gen(function*() {
 *   const faults = yield* FakeAdaptyServer.Faults
 *   yield* faults.next({ _tag: "Status", status: 503 }, { times: 2 }) // a burst of 503
 *   yield* faults.script([{ _tag: "Reset" }, undefined, { _tag: "RateLimited", retryAfter: 1 }])
 *   yield* faults.random({ probability: 0.1, faults: [{ _tag: "Html" }], seed: 42 })
 * })
 * ```
 *
 * @since 0.1.0
 * @category faults
 */
export class Faults extends Context.Tag("@effect-adapty/testing/FakeAdaptyServer/Faults")<Faults, FaultControl>() {}

const makeFaults = Effect.sync(() => {
  const queue = FaultQueue.make<HttpFault | undefined>()
  let chance: { readonly probability: number; readonly faults: ReadonlyArray<HttpFault>; readonly random: Random.Random } | undefined
  let requests = 0
  const control: FaultControl = {
    next: (fault, options) => Effect.sync(() => queue.push(fault, options?.times)),
    script: (steps) =>
      Effect.sync(() => {
        for (const fault of steps) queue.push(fault)
      }),
    random: (options) =>
      Effect.sync(() => {
        chance = {
          probability: options.probability,
          faults: options.faults,
          random: Random.make(options.seed ?? Math.random())
        }
      }),
    clear: Effect.sync(() => {
      queue.clear()
      chance = undefined
    }),
    requestCount: Effect.sync(() => requests)
  }
  const take: Effect.Effect<HttpFault | undefined> = Effect.suspend(() => {
    requests++
    const scripted = queue.take()
    if (Option.isSome(scripted)) return Effect.succeed(scripted.value)
    const current = chance
    if (current === undefined || current.faults.length === 0) return Effect.succeed(undefined)
    return Effect.flatMap(current.random.next, (draw) =>
      draw >= current.probability
        ? Effect.succeed(undefined)
        : Effect.map(current.random.nextIntBetween(0, current.faults.length), (i) => current.faults[i]))
  })
  return { control, take }
})

const encodeDetails = HttpServerResponse.schemaJson(ErrorDetails)

const encoder = new TextEncoder()

const genericDetails = (status: number): ErrorDetails => ({
  errorCode: status === 429 ? "rate_limited" : status >= 500 ? "server_error" : "error",
  statusCode: status,
  errors: [{ source: null, errors: [status === 429 ? "Request was throttled." : "Injected fault."] }]
})

const jsonBytes = (details: ErrorDetails): Uint8Array =>
  encoder.encode(JSON.stringify(Schema.encodeSync(ErrorDetails)(details)))

const httpFaultResponse = (
  request: HttpServerRequest.HttpServerRequest,
  fault: HttpFault,
  headers: Record<string, string>
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  switch (fault._tag) {
    case "StallBeforeHeaders":
      return Effect.never
    case "Reset":
      return dropConnection(request)
    case "StallMidBody":
    case "CutBody": {
      const status = fault.status ?? 500
      const body = jsonBytes(genericDetails(status))
      const half = body.slice(0, Math.floor(body.length / 2))
      const rest: Stream.Stream<Uint8Array> = fault._tag === "StallMidBody"
        ? Stream.never
        : Stream.fromEffect(Effect.zipRight(Effect.sleep(Duration.millis(5)), dropConnection(request)))
      return Effect.succeed(HttpServerResponse.stream(Stream.concat(Stream.make(half), rest), {
        status,
        headers,
        contentType: "application/json",
        contentLength: body.length
      }))
    }
    case "BrokenJson":
      return Effect.succeed(
        HttpServerResponse.text("{\"errors\": [{\"source\": null, \"errors\": [\"Inter", {
          status: fault.status ?? 500,
          headers,
          contentType: "application/json"
        })
      )
    case "Html":
      return Effect.succeed(
        HttpServerResponse.html(
          `<html><head><title>${fault.status ?? 502} Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>`
        ).pipe(HttpServerResponse.setStatus(fault.status ?? 502), HttpServerResponse.setHeaders(headers))
      )
    case "RateLimited": {
      const retryAfter: Record<string, string> = fault.retryAfter === undefined
        ? {}
        : { "retry-after": typeof fault.retryAfter === "number" ? String(fault.retryAfter) : fault.retryAfter.toUTCString() }
      return errorResponse(429, genericDetails(429), { ...headers, ...retryAfter })
    }
    case "Status":
      return errorResponse(fault.status, fault.details ?? genericDetails(fault.status), headers)
    case "SlowDrip": {
      const status = fault.status ?? 503
      const body = jsonBytes(genericDetails(status))
      const drip = Stream.fromIterable(body).pipe(
        Stream.map((byte) => Uint8Array.of(byte)),
        Stream.schedule(Schedule.spaced(fault.interval))
      )
      return Effect.succeed(HttpServerResponse.stream(drip, {
        status,
        headers,
        contentType: "application/json",
        contentLength: body.length
      }))
    }
  }
}

const errorResponse = (
  status: number,
  details: ErrorDetails | undefined,
  headers: Record<string, string>
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  details === undefined
    // Adapty documents no body for some statuses (500): send none that decodes.
    ? Effect.succeed(HttpServerResponse.empty({ status, headers }))
    : encodeDetails(details, { status, headers }).pipe(
      Effect.orElseSucceed(() => HttpServerResponse.empty({ status, headers }))
    )

// Closes the connection without an answer, as a failing network would. The
// request's `source` is the platform's own request object; on Node it has the
// socket, elsewhere this falls back to never answering.
const dropConnection = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<never> =>
  Effect.suspend(() => {
    const source: unknown = request.source
    if (typeof source === "object" && source !== null && "socket" in source) {
      const socket: unknown = source.socket
      if (typeof socket === "object" && socket !== null && "destroy" in socket && typeof socket.destroy === "function") {
        socket.destroy()
      }
    }
    return Effect.never
  })

// Whether a lookup header came more than once: Node joins repeated headers
// with ", ", which would read as one identifier. The request's `source` is the
// platform's own request; on Node its `rawHeaders` keep every line.
const sentTwice = (request: HttpServerRequest.HttpServerRequest): boolean => {
  const source: unknown = request.source
  if (typeof source !== "object" || source === null || !("rawHeaders" in source)) return false
  const raw: unknown = source.rawHeaders
  if (!Array.isArray(raw)) return false
  let lookups = 0
  for (let i = 0; i < raw.length; i += 2) {
    const name: unknown = raw[i]
    if (typeof name !== "string") continue
    const lower = name.toLowerCase()
    if (lower === AdaptyWire.customerUserIdHeader || lower === AdaptyWire.profileIdHeader) lookups++
  }
  return lookups > 1
}

const faultResponse = (
  request: HttpServerRequest.HttpServerRequest,
  fault: Fault,
  headers: Record<string, string>
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  switch (fault._tag) {
    case "TransportError":
      return fault.reason === "Timeout" ? Effect.never : dropConnection(request)
    // The header counts whole seconds: a wait is rounded up, never down.
    case "RateLimited":
    case "ServerError":
      return errorResponse(
        fault.status,
        fault.details,
        fault.retryAfter === undefined
          ? headers
          : { ...headers, "retry-after": String(Math.ceil(Duration.toSeconds(fault.retryAfter))) }
      )
    default:
      return errorResponse(fault.status, fault.details, headers)
  }
}

type Handler = Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>

// What a request is once its key and its lookup passed: the operation's
// answer to it.
type Serve = (
  request: HttpServerRequest.HttpServerRequest,
  lookup: ProfileLookup,
  headers: Record<string, string>
) => Effect.Effect<HttpServerResponse.HttpServerResponse>

const isAbsolute = (path: string): path is `/${string}` => path.startsWith("/")

// The wire path of a field at fault, for `source`: names and indices only.
const sourceOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, segment) =>
      typeof segment === "number" ? `${out}[${segment}]` : out === "" ? String(segment) : `${out}.${String(segment)}`,
    ""
  )

// The fields at fault in a body that does not decode. The formatter's
// messages quote the values, so only the paths are kept.
const invalidSources = (error: ParseResult.ParseError): ReadonlyArray<string> =>
  Array.from(new Set(ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => sourceOf(issue.path))))

// The success answer: 204 without a body, or 200 with `{"data": …}` written
// by the operation's own response schema.
const success = <I, A, E>(
  operation: Operation.Operation<I, A, E>,
  value: A,
  headers: Record<string, string>
): HttpServerResponse.HttpServerResponse => {
  if (operation.successStatus === 204) return HttpServerResponse.empty({ status: 204, headers })
  const body = operation.encodeResponse(value)
  // A profile the model cannot write (one a test put in broken) is the
  // server's fault, as a real server's bug would be.
  return Either.isRight(body)
    ? HttpServerResponse.unsafeJson(body.right, { status: 200, headers })
    : HttpServerResponse.empty({ status: 500, headers })
}

/**
 * The server's `HttpApp` over the store in the context, and the control of
 * its HTTP faults. Every operation of `Operation.all` is routed by its
 * declared method and path; its body is read with the operation's request
 * schema (a body that is not JSON or does not decode gets 400
 * `validation_error`) and its answer written with its response schema.
 * Serve the app with `HttpServer.serve`, or use {@link layer}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options) =>
  Effect.gen(function*() {
    const store = yield* InMemoryProfiles
    const { control, take } = yield* makeFaults
    const expected = AdaptyWire.authorizationValue(Redacted.value(options.apiKey))
    let requestCount = 0

    // What every operation checks first: the exchange's faults, the key, and
    // exactly one valid lookup header.
    const handler = (serve: Serve): Handler =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const headers = { "request-id": `fake-${++requestCount}` }
        const httpFault = yield* take
        if (httpFault !== undefined) return yield* httpFaultResponse(request, httpFault, headers)
        const authorization = request.headers[AdaptyWire.authorizationHeader]
        if (authorization === undefined) return yield* errorResponse(401, Responses.notAuthenticated, headers)
        if (authorization !== expected) return yield* errorResponse(401, Responses.invalidApiKey, headers)

        const customerUserId = request.headers[AdaptyWire.customerUserIdHeader]
        const profileId = request.headers[AdaptyWire.profileIdHeader]
        const checked = sentTwice(request)
          ? Either.left<ProfileLookupRules.Violation>({ rule: "BothKeys" })
          : ProfileLookupRules.check({
            ...(customerUserId === undefined ? {} : { customerUserId }),
            ...(profileId === undefined ? {} : { profileId })
          })
        // Never a 404 here: an erasure counts a 404 as done, so a client that
        // dropped or doubled its lookup header must not pass its tests.
        if (Either.isLeft(checked)) {
          return yield* errorResponse(400, Responses.invalidLookup(ProfileLookupRules.describe(checked.left)), headers)
        }
        return yield* serve(request, checked.right, headers)
      })

    // An operation that sends no body.
    const withoutBody = <I, A, E>(
      operation: Operation.Operation<I, A, E>,
      run: (lookup: ProfileLookup) => Effect.Effect<A, Fault>
    ): Handler =>
      handler((request, lookup, headers) =>
        run(lookup).pipe(
          Effect.map((value) => success(operation, value, headers)),
          Effect.catchAll((fault) => faultResponse(request, fault, headers))
        )
      )

    // An operation that sends a body: decoded with its request schema first.
    const withBody = <I, A, E>(
      operation: Operation.Operation<I, A, E>,
      run: (lookup: ProfileLookup, input: I) => Effect.Effect<A, Fault>
    ): Handler =>
      handler((request, lookup, headers) =>
        Effect.gen(function*() {
          const decode = operation.decodeRequest
          if (decode === undefined) return yield* errorResponse(500, undefined, headers)
          const json = yield* Effect.either(request.json)
          if (Either.isLeft(json)) return yield* errorResponse(400, Responses.invalidBody([]), headers)
          const input = decode(json.right)
          if (Either.isLeft(input)) {
            return yield* errorResponse(400, Responses.invalidBody(invalidSources(input.left)), headers)
          }
          return yield* run(lookup, input.right).pipe(
            Effect.map((value) => success(operation, value, headers)),
            Effect.catchAll((fault) => faultResponse(request, fault, headers))
          )
        })
      )

    const handlers = new Map<string, Handler>([
      [Operation.deleteProfile.name, withoutBody(Operation.deleteProfile, store.deleteProfile)],
      [Operation.getProfile.name, withoutBody(Operation.getProfile, store.getProfile)],
      [Operation.createProfile.name, withBody(Operation.createProfile, store.createProfile)],
      [Operation.updateProfile.name, withBody(Operation.updateProfile, store.updateProfile)],
      [Operation.grantAccessLevel.name, withBody(Operation.grantAccessLevel, store.grantAccessLevel)],
      [Operation.revokeAccessLevel.name, withBody(Operation.revokeAccessLevel, store.revokeAccessLevel)],
      [Operation.setTransaction.name, withBody(Operation.setTransaction, store.setTransaction)]
    ])
    // An operation declared in core that the store has no method for yet
    // is routed all the same, and answers 501: declared, not served.
    const notServed: Handler = handler((_request, _lookup, headers) =>
      errorResponse(501, undefined, headers)
    )

    const router = Operation.all.reduce((router, operation) => {
      const path = operation.path
      // Declared paths are absolute: one that is not is a bug in its declaration.
      if (!isAbsolute(path)) throw new Error(`${operation.name}: the declared path is not absolute`)
      return HttpRouter.route(operation.method)(path, handlers.get(operation.name) ?? notServed)(router)
    }, HttpRouter.empty)
    const app = yield* HttpRouter.toHttpApp(router)
    return { app, faults: control }
  })

/**
 * The names of the operations the server serves: every one of
 * `Operation.all`.
 *
 * @since 0.2.0
 * @category accessors
 */
export const operations: ReadonlyArray<string> = Operation.all.map((operation) => operation.name)

/**
 * Serves the fake server on the `HttpServer` in the context.
 *
 * @example
 * ```ts
 * import { FakeAdaptyServer, InMemoryProfiles } from "@effect-adapty/testing"
 * import { NodeHttpServer } from "@effect/platform-node"
 * import { Layer, Redacted } from "effect"
 * import { createServer } from "node:http"
 *
 * const Fake = FakeAdaptyServer.layer({ apiKey: Redacted.make("test-key") }).pipe(
 *   Layer.provideMerge(InMemoryProfiles.layer({ profiles: [{ profileId: "p-1" }] })),
 *   Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Faults, never, HttpServer.HttpServer | InMemoryProfiles> =>
  Layer.unwrapEffect(
    Effect.map(make(options), ({ app, faults }) =>
      Layer.merge(HttpServer.serve(app), Layer.succeed(Faults, faults)))
  )

/**
 * The base URL the server listens on, for `HttpProfileService`'s `baseUrl`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const url: Effect.Effect<string, never, HttpServer.HttpServer> = HttpServer.addressFormattedWith(Effect.succeed)
