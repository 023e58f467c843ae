import { type AccessLevel, hasActiveAccessLevel, isAccessLevelActive } from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Option } from "effect"

const now = DateTime.unsafeMake("2026-12-01T12:00:00Z")
const hours = (n: number) => DateTime.add(now, { hours: n })
const level = (fields: Partial<AccessLevel> = {}): AccessLevel => ({
  accessLevelId: "premium",
  store: "adapty",
  storeProductId: "premium",
  storeBasePlanId: Option.none(),
  storeTransactionId: "t-1",
  storeOriginalTransactionId: "t-1",
  purchasedAt: hours(-48),
  offer: Option.none(),
  originallyPurchasedAt: hours(-48),
  expiresAt: Option.none(),
  renewalCancelledAt: Option.none(),
  billingIssueDetectedAt: Option.none(),
  isInGracePeriod: false,
  cancellationReason: Option.none(),
  startsAt: Option.none(),
  ...fields
})

describe("access levels", () => {
  it("active: lifetime, started, not yet expired, or in the grace period", () => {
    assert.isTrue(isAccessLevelActive(level(), now))
    assert.isTrue(isAccessLevelActive(level({ startsAt: Option.some(hours(-1)), expiresAt: Option.some(hours(1)) }), now))
    assert.isTrue(isAccessLevelActive(level({ expiresAt: Option.some(hours(-1)), isInGracePeriod: true }), now))
  })

  it("not active: not started yet, or expired (the expiry instant itself included)", () => {
    assert.isFalse(isAccessLevelActive(level({ startsAt: Option.some(hours(1)) }), now))
    assert.isFalse(isAccessLevelActive(level({ expiresAt: Option.some(hours(-1)) }), now))
    assert.isFalse(isAccessLevelActive(level({ expiresAt: Option.some(now) }), now))
  })

  it("a profile has it only when a level of that id is active", () => {
    const profile = { accessLevels: [level({ expiresAt: Option.some(hours(-1)) }), level({ accessLevelId: "pro" })] }
    assert.isFalse(hasActiveAccessLevel(profile, "premium", now))
    assert.isTrue(hasActiveAccessLevel(profile, "pro", now))
  })
})
