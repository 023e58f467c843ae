/**
 * The live `ProfileService`: Adapty's server-side API over the caller's
 * `HttpClient`, with per-attempt timeouts and retries of transient failures.
 *
 * @since 0.1.0
 */
import { ProfileService } from "@effect-adapty/core"
import type * as Duration from "effect/Duration"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Executor from "./internal/executor.js"
import * as Services from "./internal/services.js"
import * as Settings from "./internal/settings.js"

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
   * Whether each attempt also gets the HttpClient's own span (with every
   * header value redacted), below the call's own span
   * (`ProfileService.deleteProfile`, `PurchaseService.setTransaction`, …).
   * Off by default: the call's span has the status, attempts and request id,
   * and a second span per request costs about as much as the rest of the
   * layer.
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

/**
 * Checks an API key: it must travel in a header unchanged (printable ASCII,
 * no edge whitespace), or the transport would throw, and some quote the
 * offending value. Fails with a sentence that does not quote it.
 *
 * @since 0.1.0
 * @category validation
 */
export const checkApiKey: (apiKey: string) => Either.Either<string, string> = Settings.checkApiKey

/**
 * Checks a base URL: an absolute `http:` or `https:` URL with no query, no
 * fragment and no credentials. Succeeds with the URL to which the profile
 * path is appended (its path prefix kept, trailing slashes dropped); fails
 * with a sentence that does not quote it (it may hold a secret).
 *
 * @since 0.1.0
 * @category validation
 */
export const checkBaseUrl: (baseUrl: string) => Either.Either<string, string> = Settings.checkBaseUrl

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
    const prepare = yield* Executor.make(yield* Settings.resolve("HttpProfileService", options))
    return Services.profileService(prepare)
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

/**
 * Reads `ADAPTY_API_KEY` (redacted, required, not empty) and `ADAPTY_BASE_URL`
 * (optional; {@link checkBaseUrl}'s rules) from the environment.
 *
 * @since 0.1.0
 * @category config
 */
export const defaultConfig: Config.Config<Options> = Settings.defaultConfig

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
  Layer.unwrapEffect(Effect.map(Settings.fromConfig(config), layer))
