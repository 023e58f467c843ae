/**
 * @since 0.1.0
 */
export {
  /**
   * @since 0.1.0
   */
  type Fault,
  /**
   * @since 0.1.0
   */
  InMemoryProfiles,
  /**
   * @since 0.1.0
   * @deprecated Use `InMemoryProfiles.Options`.
   */
  type Options as InMemoryProfilesOptions,
  /**
   * @since 0.1.0
   */
  type Profile,
  /**
   * @since 0.1.0
   * @deprecated Use `InMemoryProfiles.Store`.
   */
  type Store as InMemoryStore
} from "./InMemoryProfiles.js"

/**
 * An in-memory `ProfileService` for unit tests.
 *
 * @since 0.1.0
 */
export * as InMemoryProfileService from "./InMemoryProfileService.js"

/**
 * `ProfileService` and `PurchaseService` over one in-memory store.
 *
 * @since 0.2.0
 */
export * as InMemoryAdapty from "./InMemoryAdapty.js"

/**
 * A fake Adapty server over the in-memory store, served by the caller.
 *
 * @since 0.1.0
 */
export * as FakeAdaptyServer from "./FakeAdaptyServer.js"
