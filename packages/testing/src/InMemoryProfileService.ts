/**
 * A `ProfileService` over an in-memory store, for unit tests: the same
 * lookup validation, the same error classes, statuses and error codes as the
 * live layer against Adapty, and no network.
 *
 * @since 0.1.0
 */
import { ProfileService } from "@effect-adapty/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { InMemoryProfiles, type Options } from "./InMemoryProfiles.js"
import * as Backends from "./internal/backends.js"

/**
 * The service over the store in the context: every method of
 * `ProfileService` (since 0.2.0, get, create and update too), built with
 * `ProfileService.make`, so that lookups and inputs are checked as the live
 * layer checks them.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<ProfileService["Type"], never, InMemoryProfiles> = Effect.map(
  InMemoryProfiles,
  (store) => ProfileService.make(Backends.profileBackend(store))
)

/**
 * The service and its store, seeded with `profiles`.
 *
 * @example
 * ```ts
 * import { ProfileService } from "@effect-adapty/core"
 * import { InMemoryProfiles, InMemoryProfileService } from "@effect-adapty/testing"
 * import { Effect } from "effect"
 *
 * const test = Effect.gen(function*() {
 *   yield* ProfileService.deleteProfile({ customerUserId: "user-1" })
 *   const store = yield* InMemoryProfiles
 *   const left = yield* store.remaining // []
 * }).pipe(Effect.provide(InMemoryProfileService.layer({ profiles: [{ profileId: "p-1", customerUserId: "user-1" }] })))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<ProfileService | InMemoryProfiles> =>
  Layer.effect(ProfileService, make).pipe(Layer.provideMerge(InMemoryProfiles.layer(options)))
