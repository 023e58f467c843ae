/**
 * The queue of scripted faults, shared by the in-memory store and the fake
 * server: each entry serves `times` calls, in the order added.
 *
 * @internal
 */
import * as Option from "effect/Option"

/** @internal */
export interface FaultQueue<F> {
  readonly push: (fault: F, times?: number) => void
  readonly clear: () => void
  /** The fault for this call, if one is queued; `None` when the queue is empty. */
  readonly take: () => Option.Option<F>
}

/** @internal */
export const make = <F>(): FaultQueue<F> => {
  const queue: Array<{ readonly fault: F; remaining: number }> = []
  return {
    push: (fault, times = 1) => {
      if (times > 0) queue.push({ fault, remaining: times })
    },
    clear: () => {
      queue.length = 0
    },
    take: () => {
      const head = queue[0]
      if (head === undefined) return Option.none()
      head.remaining -= 1
      if (head.remaining <= 0) queue.shift()
      return Option.some(head.fault)
    }
  }
}
