/**
 * @since 0.1.0
 */
export {
  /**
   * @since 0.1.0
   */
  ProfileService
} from "./ProfileService.js"

/**
 * @since 0.1.0
 */
export type {
  /**
   * @since 0.1.0
   */
  Backend as ProfileServiceBackend,
  /**
   * @since 0.1.0
   */
  Receipt as ProfileServiceReceipt
} from "./ProfileService.js"

/**
 * @since 0.1.0
 */
export {
  /**
   * @since 0.1.0
   */
  type ByCustomerUserId,
  /**
   * @since 0.1.0
   */
  type ByProfileId,
  /**
   * @since 0.1.0
   */
  ProfileLookup
} from "./ProfileLookup.js"

/**
 * The lookup rules as functions: `validate`, `check`, `describe`, `maxLength`.
 *
 * @since 0.1.0
 */
export * as ProfileLookupRules from "./ProfileLookup.js"

/**
 * @since 0.1.0
 */
export * from "./AdaptyError.js"

/**
 * The endpoint's path and header names.
 *
 * @since 0.1.0
 */
export * as AdaptyWire from "./AdaptyWire.js"

/**
 * Erasing many profiles as a stream: concurrency, a shared rate limit, one
 * outcome per input.
 *
 * @since 0.1.0
 */
export * as BulkErasure from "./BulkErasure.js"
/**
 * @since 0.2.0
 */
export * as Operation from "./Operation.js"
