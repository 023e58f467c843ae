/**
 * What may be printed of an unknown error: a Node system error's code and
 * message (`ENOSPC: no space left on device, write`), which name no
 * identifier; anything else by its name only, since its message may quote
 * the input.
 *
 * @internal
 */
export const describe = (cause: unknown): string => {
  if (cause instanceof Error) {
    return "code" in cause && typeof cause.code === "string" ? cause.message : cause.name
  }
  return typeof cause
}

/** @internal */
export const code = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string" ? cause.code : "error"
