/**
 * The live `ProfileService` and `PurchaseService` over HTTP.
 *
 * @since 0.1.0
 */
export * as HttpProfileService from "./HttpProfileService.js"

/**
 * @since 0.2.0
 */
export * as HttpPurchaseService from "./HttpPurchaseService.js"

/**
 * @since 0.2.0
 */
export * as HttpAdapty from "./HttpAdapty.js"
