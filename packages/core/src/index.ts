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
  Answer as ProfileServiceAnswer,
  /**
   * @since 0.2.0
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
 * Reading many profiles as a stream, for GDPR access requests: the engine of
 * `BulkErasure` around `getProfile`.
 *
 * @since 0.2.0
 */
export * as BulkExport from "./BulkExport.js"

/**
 * @since 0.2.0
 */
export {
  /**
   * @since 0.2.0
   */
  AccessLevel,
  /**
   * @since 0.2.0
   */
  checkCreateProfileInput,
  /**
   * @since 0.2.0
   */
  checkInput,
  /**
   * @since 0.2.0
   */
  checkProfileInput,
  /**
   * @since 0.2.0
   */
  CreateProfileInput,
  /**
   * @since 0.2.0
   */
  CustomAttribute,
  /**
   * @since 0.2.0
   */
  encodeInput,
  /**
   * @since 0.2.0
   */
  InstallationMeta,
  /**
   * @since 0.2.0
   */
  maxCustomAttributeKeyLength,
  /**
   * @since 0.2.0
   */
  maxCustomAttributes,
  /**
   * @since 0.2.0
   */
  maxCustomAttributeValueLength,
  /**
   * @since 0.2.0
   */
  NonSubscription,
  /**
   * @since 0.2.0
   */
  Offer,
  /**
   * @since 0.2.0
   */
  Profile,
  /**
   * @since 0.2.0
   */
  ProfileInput,
  /**
   * @since 0.2.0
   */
  ProfileResponse,
  /**
   * @since 0.2.0
   */
  hasActiveAccessLevel,
  /**
   * @since 0.2.0
   */
  isIsoDateTime,
  /**
   * @since 0.2.0
   */
  isAccessLevelActive,
  /**
   * @since 0.2.0
   */
  Subscription
} from "./Profile.js"

/**
 * @since 0.2.0
 */
export {
  /**
   * @since 0.2.0
   */
  AccessLevelGrant,
  /**
   * @since 0.2.0
   */
  AccessLevelRevocation,
  /**
   * @since 0.2.0
   */
  CancellationReason,
  /**
   * @since 0.2.0
   */
  checkAccessLevelGrant,
  /**
   * @since 0.2.0
   */
  checkAccessLevelRevocation,
  /**
   * @since 0.2.0
   */
  checkTransaction,
  /**
   * @since 0.2.0
   */
  maxStoreTransactionIdLength,
  /**
   * @since 0.2.0
   */
  OneTimePurchase,
  /**
   * @since 0.2.0
   */
  Price,
  /**
   * @since 0.2.0
   */
  SubscriptionPurchase,
  /**
   * @since 0.2.0
   */
  Transaction,
  /**
   * @since 0.2.0
   */
  TransactionOffer
} from "./Purchase.js"

/**
 * @since 0.2.0
 */
export * as Operation from "./Operation.js"

/**
 * @since 0.2.0
 */
export {
  /**
   * @since 0.2.0
   */
  PurchaseService
} from "./PurchaseService.js"

export type {
  /**
   * @since 0.2.0
   */
  Backend as PurchaseServiceBackend
} from "./PurchaseService.js"
