/**
 * Both live services, `ProfileService` and `PurchaseService`, from one
 * configuration and over one executor.
 *
 * @since 0.2.0
 */
import { ProfileService, PurchaseService } from "@effect-adapty/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as HttpProfileService from "./HttpProfileService.js"
import * as Executor from "./internal/executor.js"
import * as Services from "./internal/services.js"
import * as Settings from "./internal/settings.js"

/**
 * The options of both services: those of `HttpProfileService`.
 *
 * @since 0.2.0
 * @category models
 */
export type Options = HttpProfileService.Options

/**
 * Reads `ADAPTY_API_KEY` (redacted, required) and `ADAPTY_BASE_URL`
 * (optional) from the environment, as `HttpProfileService.defaultConfig`.
 *
 * @since 0.2.0
 * @category config
 */
export const defaultConfig: Config.Config<Options> = Settings.defaultConfig

/**
 * Both services as a layer; the caller supplies the transport.
 *
 * @example
 * ```ts
 * import { HttpAdapty } from "@effect-adapty/http"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * // ADAPTY_API_KEY (required) and ADAPTY_BASE_URL (optional) from the environment.
 * const AdaptyLive = HttpAdapty.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<ProfileService | PurchaseService, never, HttpClient.HttpClient> =>
  Layer.effectContext(
    Effect.map(
      Effect.flatMap(Settings.resolve("HttpAdapty", options), Executor.make),
      (prepare) =>
        Context.make(ProfileService, Services.profileService(prepare)).pipe(
          Context.add(PurchaseService, Services.purchaseService(prepare))
        )
    )
  )

/**
 * Both services, configured through Effect `Config`; with no argument, from
 * `HttpProfileService.defaultConfig` (`ADAPTY_API_KEY`, `ADAPTY_BASE_URL`).
 * A refused key or base URL is a `ConfigError`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options> = defaultConfig
): Layer.Layer<ProfileService | PurchaseService, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(Settings.fromConfig(config), layer))
