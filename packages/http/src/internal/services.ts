/**
 * Both services over one executor: each method is its operation's
 * declaration, prepared once.
 *
 * @internal
 */
import {
  type InvalidInput,
  Operation,
  type ProfileLookup,
  ProfileLookupRules,
  ProfileService,
  PurchaseService,
  type TransportError,
  type UnexpectedResponse
} from "@effect-adapty/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Answer, Prepare } from "./executor.js"

const withoutBody = <A, E>(prepare: Prepare, operation: Operation.Operation<void, A, E>) => {
  const run = prepare(operation)
  return (lookup: ProfileLookup) => run(lookup, ProfileLookupRules.valueOf(lookup), undefined)
}

// Core checked the input with the same schema: encoding it cannot fail, and
// would be an `InvalidInput` (nothing sent) if it did.
const withBody = <I, A, E>(prepare: Prepare, operation: Operation.Operation<I, A, E>) => {
  const run = prepare(operation)
  const encode = operation.encodeRequest
  return (lookup: ProfileLookup, input: I): Effect.Effect<
    Answer<A>,
    E | UnexpectedResponse | TransportError | InvalidInput
  > => {
    if (encode === undefined) return run(lookup, ProfileLookupRules.valueOf(lookup), undefined)
    const body = encode(input)
    return Either.isLeft(body) ? Effect.fail(body.left) : run(lookup, ProfileLookupRules.valueOf(lookup), body.right)
  }
}

/** @internal */
export const profileService = (prepare: Prepare): ProfileService["Type"] =>
  ProfileService.make({
    deleteProfile: withoutBody(prepare, Operation.deleteProfile),
    getProfile: withoutBody(prepare, Operation.getProfile),
    createProfile: withBody(prepare, Operation.createProfile),
    updateProfile: withBody(prepare, Operation.updateProfile)
  })

/** @internal */
export const purchaseService = (prepare: Prepare): PurchaseService["Type"] =>
  PurchaseService.make({
    grantAccessLevel: withBody(prepare, Operation.grantAccessLevel),
    revokeAccessLevel: withBody(prepare, Operation.revokeAccessLevel),
    setTransaction: withBody(prepare, Operation.setTransaction)
  })
