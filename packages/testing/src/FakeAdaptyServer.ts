/**
 * A fake Adapty server: a real HTTP endpoint for
 * `DELETE /api/v2/server-side-api/profile/`, over the in-memory store, that
 * answers as the spec and Adapty's documented behaviour say. The caller
 * serves it on the listener of its choice (for example `NodeHttpServer.layer`
 * on port 0), so that this package does not depend on a platform.
 *
 * @since 0.1.0
 */
import { AdaptyWire, ErrorDetails, ProfileLookupRules } from "@effect-adapty/core"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { type Fault, InMemoryProfiles } from "./InMemoryProfiles.js"
import * as Responses from "./internal/responses.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The only key the server accepts, as `Authorization: Api-Key <key>`. */
  readonly apiKey: Redacted.Redacted<string>
}

const encodeDetails = HttpServerResponse.schemaJson(ErrorDetails)

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

const faultResponse = (
  request: HttpServerRequest.HttpServerRequest,
  fault: Fault,
  headers: Record<string, string>
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  switch (fault._tag) {
    case "TransportError":
      return fault.reason === "Timeout" ? Effect.never : dropConnection(request)
    case "RateLimited":
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

/**
 * The server's `HttpApp`, over the store in the context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options) =>
  Effect.gen(function*() {
    const store = yield* InMemoryProfiles
    const expected = AdaptyWire.authorizationValue(Redacted.value(options.apiKey))
    let requestCount = 0

    const handler = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const headers = { "request-id": `fake-${++requestCount}` }
      const authorization = request.headers[AdaptyWire.authorizationHeader]
      if (authorization === undefined) return yield* errorResponse(401, Responses.notAuthenticated, headers)
      if (authorization !== expected) return yield* errorResponse(401, Responses.invalidApiKey, headers)

      const customerUserId = request.headers[AdaptyWire.customerUserIdHeader]
      const profileId = request.headers[AdaptyWire.profileIdHeader]
      const checked = ProfileLookupRules.check({
        ...(customerUserId === undefined ? {} : { customerUserId }),
        ...(profileId === undefined ? {} : { profileId })
      })
      if (Either.isLeft(checked)) {
        return yield* errorResponse(400, Responses.badRequest(ProfileLookupRules.describe(checked.left)), headers)
      }
      return yield* store.deleteProfile(checked.right).pipe(
        Effect.as(HttpServerResponse.empty({ status: 204, headers })),
        Effect.catchAll((fault) => faultResponse(request, fault, headers))
      )
    })

    return yield* HttpRouter.empty.pipe(HttpRouter.del(AdaptyWire.profilePath, handler), HttpRouter.toHttpApp)
  })

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
export const layer = (options: Options): Layer.Layer<never, never, HttpServer.HttpServer | InMemoryProfiles> =>
  Layer.unwrapEffect(Effect.map(make(options), (app) => HttpServer.serve(app)))

/**
 * The base URL the server listens on, for `HttpProfileService`'s `baseUrl`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const url: Effect.Effect<string, never, HttpServer.HttpServer> = HttpServer.addressFormattedWith(Effect.succeed)
