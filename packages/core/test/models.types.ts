/**
 * Type tests (checked by `pnpm typecheck`, not run): each model is a type and
 * a schema of the same name, and the inputs have the documented shapes.
 */
import {
  type AccessLevelGrant,
  type AccessLevelRevocation,
  type CreateProfileInput,
  type GetProfileError,
  Profile,
  type ProfileInput,
  ProfileResponse,
  type Transaction
} from "@effect-adapty/core"
import { DateTime, type Effect, Option, Schema } from "effect"

export const decodeProfile: (u: unknown) => Effect.Effect<Profile, unknown> = Schema.decodeUnknown(Profile)
export const decodeBody: (u: unknown) => Effect.Effect<ProfileResponse, unknown> = Schema.decodeUnknown(ProfileResponse)

export const customerUserId = (profile: Profile): Option.Option<string> => profile.customerUserId
export const expiresAt = (profile: Profile): Option.Option<DateTime.Utc> | undefined => profile.accessLevels[0]?.expiresAt

// Every field of an update may be left out.
export const empty: ProfileInput = {}
export const update: ProfileInput = { firstName: Option.some("Jane"), lastName: Option.none() }

// @ts-expect-error a nullable field takes an Option, not a bare value
export const bare: ProfileInput = { firstName: "Jane" }

// @ts-expect-error create needs installationMeta
export const noMeta: CreateProfileInput = {}

// @ts-expect-error installationMeta needs deviceId
export const noDevice: ProfileInput = { installationMeta: {} }

export const grant: AccessLevelGrant = { accessLevelId: "premium", expiresAt: DateTime.unsafeMake(0) }
export const revocation: AccessLevelRevocation = { accessLevelId: "premium" }

// @ts-expect-error inputs take DateTime.Utc, not strings
export const stringDate: AccessLevelRevocation = { accessLevelId: "premium", revokeAt: "2024-01-01T00:00:00Z" }

export const renews = (transaction: Transaction): boolean | undefined =>
  transaction.purchaseType === "subscription" ? transaction.renewStatus : undefined

// @ts-expect-error a one-time purchase has no renewStatus
export const oneTimeRenews = (transaction: Transaction & { purchaseType: "one_time_purchase" }) => transaction.renewStatus

// @ts-expect-error getProfile sends no body: no InvalidInput
export const noInvalidInput: GetProfileError["_tag"] = "InvalidInput"

// @ts-expect-error nor BadRequest
export const noBadRequest: GetProfileError["_tag"] = "BadRequest"
