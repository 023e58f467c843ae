/**
 * The layer's options, checked once when a layer is built.
 *
 * @internal
 */
import { AdaptyWire, ProfileLookupRules } from "@effect-adapty/core"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import type { Options } from "../HttpProfileService.js"
import type { Settings } from "./executor.js"
import * as RetryPolicy from "./retryPolicy.js"

/**
 * Checks an API key: it must travel in a header unchanged (printable ASCII,
 * no edge whitespace), or the transport would throw, and some quote the
 * offending value. Fails with a sentence that does not quote it.
 *
 * @internal
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
 * @internal
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
 * The executor's settings from the options; a base URL or key that the
 * checks refuse is a defect, named after the layer: the layer is never
 * built, and nothing is sent.
 *
 * @internal
 */
export const resolve = (layerName: string, options: Options): Effect.Effect<Settings> =>
  Effect.suspend(() => {
    const baseUrl = checkBaseUrl(options.baseUrl ?? AdaptyWire.defaultBaseUrl)
    if (Either.isLeft(baseUrl)) return Effect.dieMessage(`${layerName}: ${baseUrl.left}`)
    const apiKey = Redacted.value(options.apiKey)
    const checkedKey = checkApiKey(apiKey)
    if (Either.isLeft(checkedKey)) return Effect.dieMessage(`${layerName}: ${checkedKey.left}`)
    return Effect.succeed({
      apiKey,
      baseUrl: baseUrl.right,
      policy: RetryPolicy.make(options),
      attemptSpans: options.attemptSpans === true,
      propagateTraceContext: options.propagateTraceContext === true,
      transformClient: options.transformClient
    })
  })

const baseUrlConfig = (config: Config.Config<string>): Config.Config<string> =>
  Config.mapOrFail(config, (baseUrl) =>
    Either.match(checkBaseUrl(baseUrl), {
      onLeft: (reason) => Either.left(ConfigError.InvalidData([], reason)),
      onRight: () => Either.right(baseUrl)
    }))

/** @internal */
export const defaultConfig: Config.Config<Options> = Config.all({
  apiKey: Config.redacted(Config.mapOrFail(Config.nonEmptyString("ADAPTY_API_KEY"), (key) =>
    Either.mapLeft(checkApiKey(key), (reason) => ConfigError.InvalidData([], reason)))),
  baseUrl: baseUrlConfig(Config.string("ADAPTY_BASE_URL")).pipe(Config.withDefault(AdaptyWire.defaultBaseUrl))
})

/**
 * The options from a config, with the key and base URL checked: a refused
 * one is a `ConfigError` naming the field, never quoting it.
 *
 * @internal
 */
export const fromConfig = (config: Config.Config.Wrap<Options>): Effect.Effect<Options, ConfigError.ConfigError> =>
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
  ))
