import { isIsoDateTime, Profile } from "@effect-adapty/core"
import { assert, describe, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { decodeProfileResponse } from "../src/internal/fastProfile.js"
import { example } from "./openapi.js"

describe("wire date-times", () => {
  it("RFC 3339 with an offset and a date that exists; nothing Date would stretch", () => {
    for (const ok of ["2024-12-24T10:50:23+00:00", "2025-01-05T13:27:47.461425+00:00", "2024-02-29T00:00:00Z", "0001-01-01T00:00:00-12:30", "2020-01-15T15:10:36.517975+0000"]) {
      assert.isTrue(isIsoDateTime(ok), ok)
    }
    for (const bad of ["2024-02-31T00:00:00Z", "2023-02-29T00:00:00Z", "1", "March 7, 2024", "2024-12-24", "2024-12-24T10:50:23", "2024-13-01T00:00:00Z", "2024-12-24T24:00:00Z", "+275760-09-13T00:00:00Z", "2024-12-24T10:50:23+00:60"]) {
      assert.isFalse(isIsoDateTime(bad), bad)
    }
  })

  it("a profile with a date that does not exist is refused by the Schema and not taken by the fast path", () => {
    const body = example("/api/v2/server-side-api/profile/", "get", "responses", "200", "content", "application/json", "example") as {
      data: { access_levels: Array<Record<string, unknown>> }
    }
    const broken = JSON.parse(JSON.stringify(body))
    broken.data.access_levels[0].purchased_at = "2024-02-31T10:50:23+00:00"
    assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Profile)(broken.data)))
    assert.isUndefined(decodeProfileResponse(broken))
  })
})
