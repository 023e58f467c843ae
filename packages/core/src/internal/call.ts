/**
 * The choke point every service method goes through: the lookup and the
 * input are checked before anything runs, then the call runs under its
 * operation's span and metrics.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { InvalidInput, InvalidProfileLookup } from "../AdaptyError.js"
import { check, keyOf, type ProfileLookup, toError } from "../ProfileLookup.js"
import * as Observability from "./observability.js"

/**
 * What a backend gives back for an operation with a result; an HTTP backend
 * adds what the call's span reports.
 *
 * @internal
 */
export interface Answer<A> {
  readonly value: A
  readonly status?: number | undefined
  readonly attempts?: number | undefined
  readonly requestId?: string | undefined
}

const receiptOf = <A>(answer: Answer<A>): Observability.Receipt | undefined =>
  answer.status === undefined || answer.attempts === undefined
    ? undefined
    : { status: answer.status, attempts: answer.attempts, requestId: answer.requestId }

// A backend written for 0.1 has only deleteProfile: calling another method
// of it is a bug in the program, not an outcome to handle.
const missing = (instruments: Observability.Instruments) =>
  Effect.dieMessage(`${instruments.spanName}: the backend given to make has no such method`)

const value = <A>(answer: Answer<A>): A => answer.value

/**
 * A method of an operation that takes an input besides the lookup.
 *
 * @internal
 */
export const withInput = <I, A, E extends { readonly _tag: string }>(
  instruments: Observability.Instruments,
  checkInput: (input: unknown) => Either.Either<I, InvalidInput>,
  run: ((lookup: ProfileLookup, input: I) => Effect.Effect<Answer<A>, E>) | undefined
) =>
(lookup: ProfileLookup, input: unknown): Effect.Effect<A, E | InvalidProfileLookup | InvalidInput> => {
  const checked = check(lookup)
  let body: Effect.Effect<Answer<A>, E | InvalidProfileLookup | InvalidInput>
  if (Either.isLeft(checked)) {
    body = Effect.fail(toError(checked.left))
  } else {
    const input_ = checkInput(input)
    body = Either.isLeft(input_)
      ? Effect.fail(input_.left)
      : run === undefined
      ? missing(instruments)
      : run(checked.right, input_.right)
  }
  return Effect.map(
    Observability.instrument(instruments, Either.isLeft(checked) ? "invalid" : keyOf(checked.right), body, receiptOf),
    value
  )
}

/**
 * A method of an operation that takes the lookup only.
 *
 * @internal
 */
export const withLookup = <A, E extends { readonly _tag: string }>(
  instruments: Observability.Instruments,
  run: ((lookup: ProfileLookup) => Effect.Effect<Answer<A>, E>) | undefined
) =>
(lookup: ProfileLookup): Effect.Effect<A, E | InvalidProfileLookup> => {
  const checked = check(lookup)
  const body: Effect.Effect<Answer<A>, E | InvalidProfileLookup> = Either.isLeft(checked)
    ? Effect.fail(toError(checked.left))
    : run === undefined
    ? missing(instruments)
    : run(checked.right)
  return Effect.map(
    Observability.instrument(instruments, Either.isLeft(checked) ? "invalid" : keyOf(checked.right), body, receiptOf),
    value
  )
}
