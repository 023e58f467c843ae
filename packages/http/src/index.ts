/**
 * The live `ProfileService` over HTTP.
 *
 * @since 0.1.0
 */
export * as HttpProfileService from "./HttpProfileService.js"
