/**
 * Outcomes, made by constructors rather than object literals.
 *
 * V8 decides for each object literal in the source (its allocation site)
 * whether to allocate that literal's objects straight into the old
 * generation, from how many of the few hundred it samples survive a young
 * collection, and sticks to the decision. An outcome lives only until the
 * consumer reads it, but sampled while a run of them waited for the
 * consumer, the literal was judged long-lived: from then on every outcome,
 * and through it every input it holds, stayed until the next full
 * collection (measured, a million inputs in memory, ten runs each: a peak
 * RSS of 139-194 MB, eight of the ten above 190, against 135-148 MB with
 * these constructors). V8 tracks no allocation site for `new`.
 *
 * The prototype is `Object.prototype`, so to a caller these are the plain
 * objects the `Outcome` type describes (`deepStrictEqual`, `JSON.stringify`,
 * `util.inspect` cannot tell them from literals).
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
