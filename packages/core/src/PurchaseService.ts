/**
 * Access levels and purchases made outside the app stores' SDKs: grant and
 * revoke access, and record a transaction from your own billing.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { InvalidProfileLookup, PurchaseError } from "./AdaptyError.js"
import * as Call from "./internal/call.js"
import * as Observability from "./internal/observability.js"
import type { Profile } from "./Profile.js"
import type { ProfileLookup } from "./ProfileLookup.js"
import type { Answer } from "./ProfileService.js"
import {
  type AccessLevelGrant,
  type AccessLevelRevocation,
  checkAccessLevelGrant,
  checkAccessLevelRevocation,
  checkTransaction,
  type Transaction
} from "./Purchase.js"

/**
 * What an implementation does once the lookup and the input are known to be
 * valid. It may still refuse an input (`InvalidInput`) that it cannot encode.
 *
 * @since 0.2.0
 * @category models
 */
export interface Backend {
  readonly grantAccessLevel: (
    lookup: ProfileLookup,
    grant: AccessLevelGrant
  ) => Effect.Effect<Answer<Profile>, Exclude<PurchaseError, InvalidProfileLookup>>
  readonly revokeAccessLevel: (
    lookup: ProfileLookup,
    revocation: AccessLevelRevocation
  ) => Effect.Effect<Answer<Profile>, Exclude<PurchaseError, InvalidProfileLookup>>
  readonly setTransaction: (
    lookup: ProfileLookup,
    transaction: Transaction
  ) => Effect.Effect<Answer<Profile>, Exclude<PurchaseError, InvalidProfileLookup>>
}

const grantInstruments = Observability.instruments("PurchaseService", "grantAccessLevel", "ok")
const revokeInstruments = Observability.instruments("PurchaseService", "revokeAccessLevel", "ok")
const transactionInstruments = Observability.instruments("PurchaseService", "setTransaction", "ok")

/**
 * Adapty's purchase operations on a profile. Each answers with the profile
 * as it is afterwards; the profile must exist (`ProfileNotFound` otherwise).
 *
 * @example
 * ```ts
 * import { PurchaseService } from "@effect-adapty/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const purchases = yield* PurchaseService
 *   const profile = yield* purchases.grantAccessLevel({ customerUserId: "user-42" }, { accessLevelId: "premium" })
 *   return profile.accessLevels.some((level) => level.accessLevelId === "premium")
 * })
 * ```
 *
 * @since 0.2.0
 * @category tags
 */
export class PurchaseService extends Context.Tag("@effect-adapty/core/PurchaseService")<
  PurchaseService,
  {
    /**
     * Grants an access level (adds it, or replaces the one with that id).
     * Adapty tells its webhook integration, not its analytics.
     */
    readonly grantAccessLevel: (
      lookup: ProfileLookup,
      grant: AccessLevelGrant
    ) => Effect.Effect<Profile, PurchaseError>
    /** Revokes an access level, at once or at `revokeAt`. */
    readonly revokeAccessLevel: (
      lookup: ProfileLookup,
      revocation: AccessLevelRevocation
    ) => Effect.Effect<Profile, PurchaseError>
    /**
     * Records a purchase. A retry sends the same `storeTransactionId`, which
     * Adapty takes as an update of that transaction, never a new one.
     */
    readonly setTransaction: (
      lookup: ProfileLookup,
      transaction: Transaction
    ) => Effect.Effect<Profile, PurchaseError>
  }
>() {
  /**
   * Builds the service from a backend, checking every lookup and input
   * first (`InvalidProfileLookup`, `InvalidInput`: nothing is sent) and
   * wrapping every call in its span (`PurchaseService.<operation>`) and
   * metrics, as `ProfileService.make` does.
   *
   * @since 0.2.0
   */
  static readonly make = (backend: Backend): PurchaseService["Type"] => ({
    grantAccessLevel: Call.withInput(grantInstruments, checkAccessLevelGrant, backend.grantAccessLevel),
    revokeAccessLevel: Call.withInput(revokeInstruments, checkAccessLevelRevocation, backend.revokeAccessLevel),
    setTransaction: Call.withInput(transactionInstruments, checkTransaction, backend.setTransaction)
  })

  /**
   * The span name and metrics of each operation.
   *
   * @since 0.2.0
   */
  static readonly telemetry = {
    attributes: Observability.attributes,
    operations: {
      grantAccessLevel: Observability.telemetryOf(grantInstruments),
      revokeAccessLevel: Observability.telemetryOf(revokeInstruments),
      setTransaction: Observability.telemetryOf(transactionInstruments)
    }
  } as const

  /**
   * @since 0.2.0
   */
  static readonly grantAccessLevel = (
    lookup: ProfileLookup,
    grant: AccessLevelGrant
  ): Effect.Effect<Profile, PurchaseError, PurchaseService> =>
    Effect.flatMap(PurchaseService, (service) => service.grantAccessLevel(lookup, grant))

  /**
   * @since 0.2.0
   */
  static readonly revokeAccessLevel = (
    lookup: ProfileLookup,
    revocation: AccessLevelRevocation
  ): Effect.Effect<Profile, PurchaseError, PurchaseService> =>
    Effect.flatMap(PurchaseService, (service) => service.revokeAccessLevel(lookup, revocation))

  /**
   * @since 0.2.0
   */
  static readonly setTransaction = (
    lookup: ProfileLookup,
    transaction: Transaction
  ): Effect.Effect<Profile, PurchaseError, PurchaseService> =>
    Effect.flatMap(PurchaseService, (service) => service.setTransaction(lookup, transaction))
}
