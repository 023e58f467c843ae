/**
 * The store as the backends `ProfileService.make` and `PurchaseService.make`
 * take, so that the in-memory services validate exactly as the live ones.
 *
 * @internal
 */
import type { ProfileServiceBackend, PurchaseServiceBackend } from "@effect-adapty/core"
import * as Effect from "effect/Effect"
import type { Store } from "../InMemoryProfiles.js"

const answer = <A>(value: A) => ({ value })

/** @internal */
export const profileBackend = (store: Store): Required<ProfileServiceBackend> => ({
  deleteProfile: store.deleteProfile,
  getProfile: (lookup) => Effect.map(store.getProfile(lookup), answer),
  createProfile: (lookup, input) => Effect.map(store.createProfile(lookup, input), answer),
  updateProfile: (lookup, input) => Effect.map(store.updateProfile(lookup, input), answer)
})

/** @internal */
export const purchaseBackend = (store: Store): PurchaseServiceBackend => ({
  grantAccessLevel: (lookup, grant) => Effect.map(store.grantAccessLevel(lookup, grant), answer),
  revokeAccessLevel: (lookup, revocation) => Effect.map(store.revokeAccessLevel(lookup, revocation), answer),
  setTransaction: (lookup, transaction) => Effect.map(store.setTransaction(lookup, transaction), answer)
})
