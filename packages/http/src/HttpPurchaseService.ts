/**
 * The live `PurchaseService`: grant and revoke access levels and record
 * transactions over the caller's `HttpClient`, with the same options,
 * timeouts, retries and privacy rules as `HttpProfileService`.
 *
 * @since 0.2.0
 */
import { PurchaseService } from "@effect-adapty/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Options } from "./HttpProfileService.js"
import * as Executor from "./internal/executor.js"
import * as Services from "./internal/services.js"
import * as Settings from "./internal/settings.js"
import type * as Config from "effect/Config"

/**
 * Builds the service on the `HttpClient` in the context; a base URL or key
 * that `HttpProfileService.checkBaseUrl` or `checkApiKey` refuses is a
 * defect, and nothing is sent.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<PurchaseService["Type"], never, HttpClient.HttpClient> =>
  Effect.map(
    Effect.flatMap(Settings.resolve("HttpPurchaseService", options), Executor.make),
    Services.purchaseService
  )

/**
 * The live service as a layer; the caller supplies the transport.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<PurchaseService, never, HttpClient.HttpClient> =>
  Layer.effect(PurchaseService, make(options))

/**
 * The live service, configured through Effect `Config`; with no argument,
 * from `HttpProfileService.defaultConfig` (`ADAPTY_API_KEY`,
 * `ADAPTY_BASE_URL`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options> = Settings.defaultConfig
): Layer.Layer<PurchaseService, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(Settings.fromConfig(config), layer))
