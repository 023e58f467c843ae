/**
 * The wire description of Adapty's profile API: the one place that names
 * its paths and headers, so that the live layer sends exactly what the fake
 * server serves.
 *
 * @since 0.1.0
 */

/**
 * The production base URL of Adapty's server-side API.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.adapty.io"

/**
 * The path of the profile endpoint. The trailing slash is part of it.
 *
 * @since 0.1.0
 * @category constants
 */
export const profilePath = "/api/v2/server-side-api/profile/"

/**
 * The path of `setTransaction`.
 *
 * @since 0.2.0
 * @category constants
 */
export const setTransactionPath = "/api/v2/server-side-api/purchase/set/transaction/"

/**
 * The path of `grantAccessLevel`.
 *
 * @since 0.2.0
 * @category constants
 */
export const grantAccessLevelPath = "/api/v2/server-side-api/purchase/profile/grant/access-level/"

/**
 * The path of `revokeAccessLevel`.
 *
 * @since 0.2.0
 * @category constants
 */
export const revokeAccessLevelPath = "/api/v2/server-side-api/purchase/profile/revoke/access-level/"

/**
 * The HTTP method of the delete-profile call.
 *
 * @since 0.1.0
 * @category constants
 */
export const deleteProfileMethod = "DELETE"

/**
 * The header that carries the API key, as `Api-Key <key>`.
 *
 * @since 0.1.0
 * @category headers
 */
export const authorizationHeader = "authorization"

/**
 * The scheme that prefixes the API key in the `Authorization` header.
 *
 * @since 0.1.0
 * @category headers
 */
export const authorizationScheme = "Api-Key"

/**
 * The header that carries a `customerUserId` lookup.
 *
 * @since 0.1.0
 * @category headers
 */
export const customerUserIdHeader = "adapty-customer-user-id"

/**
 * The header that carries a `profileId` lookup.
 *
 * @since 0.1.0
 * @category headers
 */
export const profileIdHeader = "adapty-profile-id"

/**
 * The response headers that may carry Adapty's request id, in order of
 * preference. Adapty support asks for this id.
 *
 * @since 0.1.0
 * @category headers
 */
export const requestIdHeaders: ReadonlyArray<string> = ["request-id", "x-request-id"]

/**
 * Headers whose values are secret or personal data: they must be redacted
 * wherever headers are logged or traced.
 *
 * @since 0.1.0
 * @category headers
 */
export const sensitiveHeaders: ReadonlyArray<string> = [authorizationHeader, customerUserIdHeader, profileIdHeader]

/**
 * Joins a base URL and the profile path without doubling the slash between them.
 *
 * @since 0.1.0
 * @category constructors
 */
export const profileUrl = (baseUrl: string): string => baseUrl.replace(/\/+$/, "") + profilePath

/**
 * The value of the `Authorization` header for a key.
 *
 * @since 0.1.0
 * @category headers
 */
export const authorizationValue = (apiKey: string): string => `${authorizationScheme} ${apiKey}`
