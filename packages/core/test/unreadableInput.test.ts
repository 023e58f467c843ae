/**
 * Inputs that cannot be read (a getter or proxy that throws, a DateTime
 * whose time is not valid) are InvalidInput, never a defect, and the thrown
 * text is kept nowhere.
 */
import { checkAccessLevelGrant, checkProfileInput, checkTransaction, PurchaseService } from "@effect-adapty/core"
import { InMemoryAdapty } from "@effect-adapty/testing"
import { assert, describe, it } from "@effect/vitest"
import { Cause, DateTime, Effect, Exit } from "effect"

const throwing = (): Record<string, unknown> => {
  const grant: Record<string, unknown> = { accessLevelId: "premium" }
  Object.defineProperty(grant, "startsAt", {
    enumerable: true,
    get() {
      throw new Error("boom jane@example.com")
    }
  })
  return grant
}

describe("inputs that cannot be read", () => {
  it("a throwing getter, a throwing proxy and an invalid DateTime are InvalidInput", () => {
    const proxy = new Proxy({}, {
      get: () => {
        throw new Error("boom jane@example.com")
      },
      ownKeys: () => {
        throw new Error("boom jane@example.com")
      },
      has: () => {
        throw new Error("boom jane@example.com")
      },
      getOwnPropertyDescriptor: () => {
        throw new Error("boom jane@example.com")
      }
    })
    const far = DateTime.add(DateTime.unsafeMake("2026-01-01T00:00:00Z"), { days: 1e12 })
    for (
      const result of [
        checkAccessLevelGrant(throwing()),
        checkProfileInput(proxy),
        checkTransaction(proxy),
        checkAccessLevelGrant({ accessLevelId: "premium", expiresAt: far })
      ]
    ) {
      assert.strictEqual(result._tag, "Left")
      if (result._tag === "Left") {
        assert.strictEqual(result.left._tag, "InvalidInput")
        assert.notInclude(result.left.message, "jane@example.com")
      }
    }
  })

  it.effect("through the service: a typed InvalidInput, no defect, the thrown text nowhere", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(
        PurchaseService.grantAccessLevel({ customerUserId: "u-1" }, throwing() as never)
      )
      assert.isTrue(Exit.isFailure(exit) && Cause.isFailType(exit.cause), "a failure, not a defect")
      if (Exit.isFailure(exit)) {
        assert.notInclude(Cause.pretty(exit.cause), "jane@example.com")
        assert.include(Cause.pretty(exit.cause), "InvalidInput")
      }
    }).pipe(Effect.provide(InMemoryAdapty.layer())))
})
