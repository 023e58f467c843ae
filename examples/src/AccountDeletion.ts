/**
 * An application service written against `ProfileService`: closing a user's
 * account erases their Adapty profile, then their own user record.
 *
 * The order matters. The user record is what links the app to the Adapty
 * profile: delete it first and a failed Adapty call leaves a profile nobody
 * can find again. So the record goes only once Adapty has confirmed, and a
 * transient failure leaves everything in place for a later retry.
 */
import { type DeleteProfileError, isConfirmedNotFound, isRetryable, ProfileService } from "@effect-adapty/core"
import { Context, Effect, Layer, Option, Schema } from "effect"

export interface User {
  readonly id: string
  readonly email: string
}

/** The app's own user store. */
export class UserRepository extends Context.Tag("examples/UserRepository")<UserRepository, {
  readonly find: (id: string) => Effect.Effect<Option.Option<User>>
  readonly remove: (id: string) => Effect.Effect<void>
}>() {
  /** An in-memory repository, for tests and demos. */
  static readonly layerMemory = (users: Iterable<User>) =>
    Layer.sync(UserRepository, () => {
      const byId = new Map(Array.from(users, (user) => [user.id, user] as const))
      return {
        find: (id) => Effect.sync(() => Option.fromNullable(byId.get(id))),
        remove: (id) => Effect.sync(() => void byId.delete(id))
      }
    })
}

export class UserNotFound extends Schema.TaggedError<UserNotFound>()("UserNotFound", {}) {}

/** Adapty could not be reached or was busy: nothing was removed; try again later. */
export class ErasurePending extends Schema.TaggedError<ErasurePending>()("ErasurePending", {
  cause: Schema.String
}) {}

/** Adapty refused for a reason a retry will not fix: someone must look. */
export class ErasureFailed extends Schema.TaggedError<ErasureFailed>()("ErasureFailed", {
  cause: Schema.String
}) {}

export type AccountDeletionError = UserNotFound | ErasurePending | ErasureFailed

export interface Erased {
  /** `already-absent` when Adapty had no profile: it counts as erased. */
  readonly adaptyProfile: "deleted" | "already-absent"
}

const classify = (error: DeleteProfileError): Effect.Effect<Erased, ErasurePending | ErasureFailed> => {
  // Only Adapty's own answer proves the profile is gone; a 404 page from a
  // proxy or a wrong base URL proves nothing.
  if (isConfirmedNotFound(error)) return Effect.succeed({ adaptyProfile: "already-absent" })
  return Effect.fail(isRetryable(error) ? new ErasurePending({ cause: error._tag }) : new ErasureFailed({ cause: error._tag }))
}

export class AccountDeletion extends Context.Tag("examples/AccountDeletion")<AccountDeletion, {
  readonly deleteAccount: (userId: string) => Effect.Effect<Erased, AccountDeletionError>
}>() {
  static readonly layer = Layer.effect(
    AccountDeletion,
    Effect.gen(function*() {
      const profiles = yield* ProfileService
      const users = yield* UserRepository
      return {
        deleteAccount: (userId) =>
          Effect.gen(function*() {
            const user = yield* users.find(userId)
            if (Option.isNone(user)) return yield* new UserNotFound()
            // The app identifies users to Adapty by its own user id.
            const erased = yield* profiles.deleteProfile({ customerUserId: user.value.id }).pipe(
              Effect.as<Erased>({ adaptyProfile: "deleted" }),
              Effect.catchAll(classify)
            )
            yield* users.remove(userId)
            return erased
          })
      }
    })
  )
}
