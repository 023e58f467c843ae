/**
 * Outcomes, made by constructors rather than object literals: V8 had judged
 * the literal long-lived and allocated every outcome, and the input it holds,
 * straight into its old generation (bench/README.md). The prototype is
 * `Object.prototype`: callers get the plain objects the type describes.
 *
 * @internal
 */
import type { DeleteProfileError, InvalidProfileLookup } from "../AdaptyError.js"
import type { Outcome } from "../BulkErasure.js"

interface Settled {
  outcome: "deleted" | "not_found"
  index: number
  item: unknown
}

interface Unsettled {
  outcome: "invalid" | "failed"
  index: number
  item: unknown
  error: DeleteProfileError
}

function SettledOutcome(this: Settled, outcome: Settled["outcome"], index: number, item: unknown) {
  this.outcome = outcome
  this.index = index
  this.item = item
}
SettledOutcome.prototype = Object.prototype

function UnsettledOutcome(
  this: Unsettled,
  outcome: Unsettled["outcome"],
  index: number,
  item: unknown,
  error: DeleteProfileError
) {
  this.outcome = outcome
  this.index = index
  this.item = item
  this.error = error
}
UnsettledOutcome.prototype = Object.prototype

// TypeScript has no type for calling a plain function with `new`.
const Settled = SettledOutcome as unknown as new<A>(
  outcome: "deleted" | "not_found",
  index: number,
  item: A
) => Outcome<A>
const Unsettled = UnsettledOutcome as unknown as {
  new<A>(outcome: "invalid", index: number, item: A, error: InvalidProfileLookup): Outcome<A>
  new<A>(outcome: "failed", index: number, item: A, error: Exclude<DeleteProfileError, InvalidProfileLookup>): Outcome<A>
}

/** @internal */
export const deleted = <A>(index: number, item: A): Outcome<A> => new Settled("deleted", index, item)

/** @internal */
export const notFound = <A>(index: number, item: A): Outcome<A> => new Settled("not_found", index, item)

/** @internal */
export const invalid = <A>(index: number, item: A, error: InvalidProfileLookup): Outcome<A> =>
  new Unsettled("invalid", index, item, error)

/** @internal */
export const failed = <A>(
  index: number,
  item: A,
  error: Exclude<DeleteProfileError, InvalidProfileLookup>
): Outcome<A> => new Unsettled("failed", index, item, error)
