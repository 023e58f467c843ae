import type { PlatformError } from "@effect/platform/Error"

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

/**
 * A `FileSystem` error as {@link describe} puts Node's (`EFBIG: file too
 * large, write`), or its reason when no system error is behind it.
 *
 * @internal
 */
export const describePlatform = (error: PlatformError): string =>
  error._tag === "SystemError" && code(error.cause) !== "error" ? describe(error.cause) : reasonOf(error)

/**
 * A `FileSystem` error's code as {@link code} puts Node's (`ENOENT`), or its
 * reason when no system error is behind it.
 *
 * @internal
 */
export const codePlatform = (error: PlatformError): string =>
  error._tag === "SystemError" && code(error.cause) !== "error" ? code(error.cause) : reasonOf(error)

const reasonOf = (error: PlatformError): string => error._tag === "SystemError" ? error.reason : error._tag
