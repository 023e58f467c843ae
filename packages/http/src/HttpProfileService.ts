/**
 * The live `ProfileService`: Adapty's server-side API over the caller's
 * `HttpClient`, with per-attempt timeouts and retries of transient failures.
 *
 * @since 0.1.0
 */
import {
  AdaptyWire,
  type DeleteProfileError,
  type InvalidProfileLookup,
  ProfileLookupRules,
  ProfileService,
  type ProfileServiceReceipt
} from "@effect-adapty/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import { withDeadline } from "./internal/deadline.js"
import * as Response from "./internal/response.js"
import * as RetryPolicy from "./internal/retryPolicy.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Sent as `Authorization: Api-Key <key>`. A key that cannot travel in a
   * header unchanged ({@link checkApiKey}) is refused when the layer is built.
   */
  readonly apiKey: Redacted.Redacted<string>
  /**
   * Defaults to `https://api.adapty.io`. An absolute `http:` or `https:` URL
   * with no query, fragment or credentials; a path prefix is kept, and a
   * trailing slash is fine. Anything else is refused when the layer is built.
   */
  readonly baseUrl?: string | undefined
  /** The limit for one attempt, body included. Defaults to 10 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * Retries of transport failures, timeouts and 408, 429, 500, 502, 503,
   * 504. `false` turns them off. Defaults: 2 retries, 500 ms base delay,
   * 8 s maximum backoff. A `Retry-After` is the server's instruction: up to
   * `maxRetryAfter` (default 60 s) it is waited out in full, whatever
   * `maxDelay` is; a longer one fails the call at once with `RateLimited`
   * (or `ServerError` for 503) carrying `retryAfter`.
   */
  readonly retry?:
    | false
    | {
      readonly times?: number | undefined
      readonly baseDelay?: Duration.DurationInput | undefined
      readonly maxDelay?: Duration.DurationInput | undefined
      readonly maxRetryAfter?: Duration.DurationInput | undefined
    }
    | undefined
  /**
   * Whether to send the caller's trace context (`traceparent`, `b3`) to
   * Adapty. Off by default: it tells a third party about internal spans.
   */
  readonly propagateTraceContext?: boolean | undefined
  /**
   * Whether each attempt also gets the HttpClient's own span (with the
   * identifier headers redacted), below the call's
   * `ProfileService.deleteProfile` span. Off by default: the call's span has
   * the status, attempts and request id, and a second span per request costs
   * about as much as the rest of the layer.
   */
  readonly attemptSpans?: boolean | undefined
  /**
   * The caller's own middleware on the `HttpClient` (a proxy's header, a
   * log line per request), as `@effect/ai-openai` has it. It runs once per
   * attempt, under the layer's retries and inside its per-attempt timeout
   * (with it, each attempt also runs under `Effect.timeout`: middleware can
   * wait where no request is in flight to abort).
   */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

// Every header value in the HttpClient's own span is redacted: the request's
// hold the key and the identifier, and a server or proxy may echo either in
// any response header, under any name.
const redactAllHeaders = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => [
  ...names,
  ...AdaptyWire.sensitiveHeaders,
  /./
]

/**
 * Checks an API key: it must travel in a header unchanged (printable ASCII,
 * no edge whitespace), or the transport would throw, and some quote the
 * offending value. Fails with a sentence that does not quote it.
 *
 * @since 0.1.0
 * @category validation
 */
export const checkApiKey = (apiKey: string): Either.Either<string, string> =>
  ProfileLookupRules.checkValue(apiKey) === undefined
    ? Either.right(apiKey)
    : Either.left(
      "the API key must be 1 to 4096 printable ASCII characters without edge whitespace (a newline from a file?)"
    )

/**
 * Checks a base URL: an absolute `http:` or `https:` URL with no query, no
 * fragment and no credentials. Succeeds with the URL to which the profile
 * path is appended (its path prefix kept, trailing slashes dropped); fails
 * with a sentence that does not quote it (it may hold a secret).
 *
 * @since 0.1.0
 * @category validation
 */
export const checkBaseUrl = (baseUrl: string): Either.Either<string, string> => {
  const refused = Either.left(
    "baseUrl must be an absolute http: or https: URL without query, fragment or credentials"
  )
  // The URL parser would drop a tab or a newline and turn a backslash into a
  // slash: a URL that needs such repairs is not taken on trust.
  if (!/^[\x21-\x7E]+$/.test(baseUrl) || /[?#\\]/.test(baseUrl)) return refused
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return refused
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "" || url.password !== "") {
    return refused
  }
  return Either.right(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
}

/**
 * Builds the service on the `HttpClient` in the context. A `baseUrl` that
 * {@link checkBaseUrl} refuses is a defect: the layer is never built, and
 * nothing is sent.
 *
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<ProfileService["Type"], never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const httpClient = yield* HttpClient.HttpClient
    // fetch follows redirects by default: it would repeat the DELETE, with the
    // identifier header, wherever a Location points. Other transports do not
    // follow them; a 3xx is an UnexpectedResponse on every one.
    const requestInit: globalThis.RequestInit = {
      ...Option.getOrUndefined(yield* Effect.serviceOption(FetchHttpClient.RequestInit)),
      redirect: "manual"
    }
    const attemptSpans = options.attemptSpans === true
    // Adapty has no use for our trace context, and it would tell a third
    // party about the caller's internal spans: opt-in.
    const propagate = options.propagateTraceContext === true
    // The call's own span carries what matters (status, attempts, request id);
    // the HttpClient's span per attempt costs as much again, so it is opt-in.
    // `withScope` lets the per-attempt deadline abort the request.
    // The caller's middleware runs inside each attempt: `withScope` ties the
    // deadline to the request that its preprocessing (`mapRequest`…) made.
    const transformClient = options.transformClient
    const transformed = HttpClient.withScope(transformClient === undefined ? httpClient : transformClient(httpClient))
    const client = attemptSpans
      ? HttpClient.withTracerPropagation(transformed, propagate)
      : HttpClient.withTracerDisabledWhen(transformed, () => true)
    const baseUrl = checkBaseUrl(options.baseUrl ?? AdaptyWire.defaultBaseUrl)
    if (Either.isLeft(baseUrl)) return yield* Effect.dieMessage(`HttpProfileService: ${baseUrl.left}`)
    const key = Redacted.value(options.apiKey)
    const checkedKey = checkApiKey(key)
    if (Either.isLeft(checkedKey)) return yield* Effect.dieMessage(`HttpProfileService: ${checkedKey.left}`)
    const policy = RetryPolicy.make(options)
    const base = HttpClientRequest.make(AdaptyWire.deleteProfileMethod)(AdaptyWire.profileUrl(baseUrl.right)).pipe(
      HttpClientRequest.setHeader(AdaptyWire.authorizationHeader, AdaptyWire.authorizationValue(key))
    )

    const timeoutMillis = Duration.toMillis(policy.timeout)
    // Each provided service costs a copy of the fiber's context (about as much
    // as the rest of an attempt): the scope and the RequestInit go in one.
    const provided = (scope: Scope.Scope) => (context: Context.Context<never>): Context.Context<Scope.Scope> =>
      Context.merge(context, Context.make(Scope.Scope, scope).pipe(Context.add(FetchHttpClient.RequestInit, requestInit)))
    const attempt = (
      request: HttpClientRequest.HttpClientRequest,
      value: string
    ): Effect.Effect<Response.Success, Response.Failure> => {
      const deadlined = withDeadline(
        timeoutMillis,
        (scope) =>
          client.execute(request).pipe(
            Effect.mapInputContext(provided(scope)),
            Effect.matchEffect({
              onFailure: () => Effect.fail(Response.network),
              onSuccess: (response) => Response.fromResponse(response, scope, key, value)
            })
          ),
        Response.timeout
      )
      return transformClient === undefined || !Number.isFinite(timeoutMillis) || timeoutMillis > 2 ** 31 - 1
        ? deadlined
        : Effect.timeoutFail(deadlined, { duration: policy.timeout, onTimeout: () => Response.timeout })
    }

    const run = (
      request: HttpClientRequest.HttpClientRequest,
      value: string,
      attempts: number
    ): Effect.Effect<ProfileServiceReceipt, Exclude<DeleteProfileError, InvalidProfileLookup>> =>
      Effect.matchEffect(attempt(request, value), {
        onSuccess: (success) => Effect.succeed({ status: success.status, attempts, requestId: success.requestId }),
        onFailure: (failure) => {
          if (!Response.isRetryable(failure) || attempts > policy.times) {
            return Effect.fail(Response.toError(failure, attempts))
          }
          return Effect.flatMap(
            RetryPolicy.delay(policy, attempts, failure._tag === "Status" ? failure.retryAfter : undefined),
            (wait) =>
              wait === undefined
                ? Effect.fail(Response.toError(failure, attempts))
                : Effect.logDebug("Adapty deleteProfile attempt failed; retrying").pipe(
                  Effect.annotateLogs({
                    reason: Response.describe(failure),
                    attempt: attempts,
                    delayMillis: Duration.toMillis(wait)
                  }),
                  Effect.zipRight(Effect.sleep(wait)),
                  Effect.zipRight(run(request, value, attempts + 1))
                )
          )
        }
      })

    return ProfileService.make({
      deleteProfile: (lookup) => {
        const value = ProfileLookupRules.match(lookup, { customerUserId: identity, profileId: identity })
        const request = HttpClientRequest.setHeader(
          base,
          ProfileLookupRules.keyOf(lookup) === "customerUserId" ? AdaptyWire.customerUserIdHeader : AdaptyWire.profileIdHeader,
          value
        )
        if (attemptSpans) {
          return Effect.locallyWith(run(request, value, 1), Headers.currentRedactedNames, redactAllHeaders)
        }
        if (propagate) {
          return Effect.flatMap(
            Effect.orElseSucceed(Effect.map(Effect.currentSpan, HttpTraceContext.toHeaders), () => Headers.empty),
            (headers) => run(HttpClientRequest.setHeaders(request, headers), value, 1)
          )
        }
        return run(request, value, 1)
      }
    })
  })

/**
 * The live service as a layer. The caller supplies the transport:
 * `FetchHttpClient.layer` from `@effect/platform`, or
 * `NodeHttpClient.layerUndici` from `@effect/platform-node`.
 *
 * @example
 * ```ts
 * import { HttpProfileService } from "@effect-adapty/http"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer, Redacted } from "effect"
 *
 * const ProfilesLive = HttpProfileService.layer({ apiKey: Redacted.make("secret_live_...") }).pipe(
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<ProfileService, never, HttpClient.HttpClient> =>
  Layer.effect(ProfileService, make(options))

const baseUrlConfig = (config: Config.Config<string>): Config.Config<string> =>
  Config.mapOrFail(config, (baseUrl) =>
    Either.match(checkBaseUrl(baseUrl), {
      onLeft: (reason) => Either.left(ConfigError.InvalidData([], reason)),
      onRight: () => Either.right(baseUrl)
    }))

/**
 * Reads `ADAPTY_API_KEY` (redacted, required, not empty) and `ADAPTY_BASE_URL`
 * (optional; {@link checkBaseUrl}'s rules) from the environment.
 *
 * @since 0.1.0
 * @category config
 */
export const defaultConfig: Config.Config<Options> = Config.all({
  apiKey: Config.redacted(Config.mapOrFail(Config.nonEmptyString("ADAPTY_API_KEY"), (key) =>
    Either.mapLeft(checkApiKey(key), (reason) => ConfigError.InvalidData([], reason)))),
  baseUrl: baseUrlConfig(Config.string("ADAPTY_BASE_URL")).pipe(Config.withDefault(AdaptyWire.defaultBaseUrl))
})

/**
 * The live service, configured through Effect `Config`; with no argument,
 * from {@link defaultConfig}. A base URL that {@link checkBaseUrl} refuses
 * is a `ConfigError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options> = defaultConfig
): Layer.Layer<ProfileService, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(
    Config.unwrap(config).pipe(Config.mapOrFail((options) =>
      Either.mapLeft(checkApiKey(Redacted.value(options.apiKey)), (reason) => ConfigError.InvalidData(["apiKey"], reason)).pipe(
        Either.flatMap(() =>
          options.baseUrl === undefined
            ? Either.right(options)
            : Either.mapBoth(checkBaseUrl(options.baseUrl), {
              onLeft: (reason) => ConfigError.InvalidData(["baseUrl"], reason),
              onRight: () => options
            })
        )
      )
    )),
    layer
  ))
