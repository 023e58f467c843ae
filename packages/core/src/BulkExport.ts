/**
 * Reading many profiles, for GDPR access requests: one `getProfile` per
 * item, with the engine, the options and the stop rules of `BulkErasure`,
 * and an outcome for every single input.
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { GetProfileError, InvalidProfileLookup } from "./AdaptyError.js"
import { ErasureStopped, type Options as ErasureOptions } from "./BulkErasure.js"
import * as Runner from "./internal/bulkRunner.js"
import type { Profile } from "./Profile.js"
import type { ProfileLookup } from "./ProfileLookup.js"
import type { ProfileService } from "./ProfileService.js"

/**
 * The four outcomes an exported item can end with.
 *
 * @since 0.2.0
 * @category models
 */
export const OutcomeKind = Schema.Literal("found", "not_found", "invalid", "failed")

/**
 * @since 0.2.0
 * @category models
 */
export type OutcomeKind = Schema.Schema.Type<typeof OutcomeKind>

/**
 * What became of one input: `found` with the profile as Adapty returned it
 * (decoded into the model), or `not_found` when Adapty answered that it does
 * not exist (see `isConfirmedNotFound`); a 404 without Adapty's answer is
 * `failed`.
 *
 * @since 0.2.0
 * @category models
 */
export type Outcome<A> =
  | { readonly outcome: "found"; readonly index: number; readonly item: A; readonly profile: Profile }
  | { readonly outcome: "not_found"; readonly index: number; readonly item: A }
  | { readonly outcome: "invalid"; readonly index: number; readonly item: A; readonly error: InvalidProfileLookup }
  | {
    readonly outcome: "failed"
    readonly index: number
    readonly item: A
    readonly error: Exclude<GetProfileError, InvalidProfileLookup>
  }

/**
 * The options of `BulkErasure`, with `onOutcome` for an export's outcomes
 * (`maxConsecutiveFailures` counts failures with no `found` or `not_found`
 * in between).
 *
 * @since 0.2.0
 * @category models
 */
export interface Options<A> extends Omit<ErasureOptions<A>, "onOutcome"> {
  /**
   * Runs inside the worker as soon as an item's outcome is final, before the
   * worker takes the next item: the place to write a found profile, then
   * journal it.
   */
  readonly onOutcome?: ((outcome: Outcome<A>) => Effect.Effect<void>) | undefined
}

// The fields of an erasure's stop, under another tag.
const { _tag: _, ...stopFields } = ErasureStopped.fields

/**
 * The export stopped before its end, for the reasons an erasure stops (see
 * `BulkErasure.ErasureStopped`). Nothing was sent after the stop.
 *
 * @since 0.2.0
 * @category errors
 */
export class ExportStopped extends Schema.TaggedError<ExportStopped>("@effect-adapty/core/BulkExport/ExportStopped")(
  "ExportStopped",
  stopFields
) {
  /**
   * @since 0.2.0
   */
  override get message(): string {
    return Runner.stopMessage("Export", this)
  }
}

const exportSpec = <A>(): Runner.Spec<A, Profile, Outcome<A>, ExportStopped> => ({
  call: (service, lookup) => service.getProfile(lookup),
  succeeded: (index, item, profile) => ({ outcome: "found", index, item, profile }),
  notFound: (index, item) => ({ outcome: "not_found", index, item }),
  invalid: (index, item, error) => ({ outcome: "invalid", index, item, error }),
  failed: (index, item, error) => ({ outcome: "failed", index, item, error }),
  stopped: (fields) => new ExportStopped(fields)
})

/**
 * Gets the profile of every item, one request each, and emits one outcome
 * per item, in input order: concurrency, rate limit, pauses, stop rules and
 * memory as for `BulkErasure.eraseAllBy`, with {@link ExportStopped} as the
 * stop. No profile is invented: a profile Adapty says does not exist is
 * `not_found`.
 *
 * @example
 * ```ts
 * import { BulkExport } from "@effect-adapty/core"
 * import { Stream } from "effect"
 *
 * const found = BulkExport.exportAllBy(
 *   Stream.make("user-1", "user-2"),
 *   (customerUserId) => ({ customerUserId }),
 *   { concurrency: 4, ratePerMinute: 300 }
 * ).pipe(Stream.filter((outcome) => outcome.outcome === "found"), Stream.runCollect)
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const exportAllBy = <A, E, R>(
  items: Stream.Stream<A, E, R>,
  lookupOf: (item: A) => ProfileLookup,
  options: Options<A> = {}
): Stream.Stream<Outcome<A>, E | ExportStopped, R | ProfileService> =>
  Runner.run(items, lookupOf, options, exportSpec<A>())
