/**
 * How tests check a rejected input: an InvalidInput whose reason names the
 * field and the rule, and whose every rendering is free of the value.
 */
import { InvalidInput } from "@effect-adapty/core"
import { assert } from "@effect/vitest"
import { Cause, Either, Option } from "effect"

/** A marker that tests put inside every invalid value: it must never reach an error. */
export const secret = "SECRET-4f1c"

export const rejected = (
  check: (input: unknown) => Either.Either<unknown, InvalidInput>,
  input: unknown,
  field: string,
  rule: string
): void => {
  const result = check(input)
  assert.isTrue(Either.isLeft(result), `${field} ${rule}: accepted`)
  const error = Either.getLeft(result).pipe(Option.getOrThrow)
  assert.instanceOf(error, InvalidInput)
  assert.strictEqual(error._tag, "InvalidInput")
  assert.include(error.reason, field)
  assert.include(error.reason, rule)
  for (const text of [error.reason, error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
    assert.notInclude(text, secret, `${field}: the value leaked`)
  }
}
