/**
 * The queue of scripted faults, shared by the in-memory store and the fake
 * server: each entry serves `times` calls, in the order added, optionally
 * only the calls of one operation.
 *
 * @internal
 */
import * as Option from "effect/Option"

/** @internal */
export interface FaultQueue<F> {
  /** Queues `fault` for `times` calls (default 1); for calls of `scope` only when one is given. */
  readonly push: (fault: F, times?: number, scope?: string) => void
  readonly clear: () => void
  /**
   * The fault for this call, if one is queued: the first entry for any call
   * or for `scope`; `None` when there is none.
   */
  readonly take: (scope?: string) => Option.Option<F>
}

interface Entry<F> {
  readonly fault: F
  readonly scope: string | undefined
  remaining: number
}

/** @internal */
export const make = <F>(): FaultQueue<F> => {
  const queue: Array<Entry<F>> = []
  return {
    push: (fault, times = 1, scope) => {
      if (times > 0) queue.push({ fault, scope, remaining: times })
    },
    clear: () => {
      queue.length = 0
    },
    take: (scope) => {
      // The common case, no fault at all, costs one comparison.
      if (queue.length === 0) return Option.none()
      const index = queue.findIndex((entry) => entry.scope === undefined || entry.scope === scope)
      const entry = queue[index]
      if (entry === undefined) return Option.none()
      entry.remaining -= 1
      if (entry.remaining <= 0) queue.splice(index, 1)
      return Option.some(entry.fault)
    }
  }
}
