/**
 * `ProfileService` and `PurchaseService` over one in-memory store, for unit
 * tests of code that uses both: a profile created through one is the
 * profile the other grants access to.
 *
 * @since 0.2.0
 */
import { ProfileService, PurchaseService } from "@effect-adapty/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { InMemoryProfiles, type Options } from "./InMemoryProfiles.js"
import * as InMemoryProfileService from "./InMemoryProfileService.js"
import * as Backends from "./internal/backends.js"

/**
 * A `PurchaseService` over the store in the context, built with
 * `PurchaseService.make`: lookups and inputs are checked as the live layer
 * checks them.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makePurchaseService: Effect.Effect<PurchaseService["Type"], never, InMemoryProfiles> = Effect.map(
  InMemoryProfiles,
  (store) => PurchaseService.make(Backends.purchaseBackend(store))
)

/**
 * Both services and their store, seeded with `profiles`.
 *
 * @example
 * ```ts
 * import { ProfileService, PurchaseService } from "@effect-adapty/core"
 * import { InMemoryAdapty, InMemoryProfiles } from "@effect-adapty/testing"
 * import { Effect, Option } from "effect"
 *
 * const test = Effect.gen(function*() {
 *   yield* PurchaseService.grantAccessLevel({ customerUserId: "user-1" }, { accessLevelId: "premium" })
 *   const profile = yield* ProfileService.getProfile({ profileId: "p-1" })
 *   const store = yield* InMemoryProfiles
 *   const same = yield* store.get({ customerUserId: "user-1" }) // Option.some(profile)
 * }).pipe(Effect.provide(InMemoryAdapty.layer({ profiles: [{ profileId: "p-1", customerUserId: "user-1" }] })))
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<ProfileService | PurchaseService | InMemoryProfiles> =>
  Layer.merge(
    Layer.effect(ProfileService, InMemoryProfileService.make),
    Layer.effect(PurchaseService, makePurchaseService)
  ).pipe(Layer.provideMerge(InMemoryProfiles.layer(options)))
