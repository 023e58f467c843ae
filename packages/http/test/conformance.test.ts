import { HttpAdapty } from "@effect-adapty/http"
import { FakeAdaptyServer } from "@effect-adapty/testing"
import * as ProfileServiceSuite from "@effect-adapty/testing/ProfileServiceSuite"
import { Effect, Layer, Redacted } from "effect"
import { apiKey, FakeServer, fastRetry, liveOverFake, transports } from "./utils.js"

for (const [name, transport] of transports) {
  ProfileServiceSuite.suite(`HttpProfileService over the fake server on ${name} conforms`, liveOverFake(transport))
  // Both services from one layer: every operation, and the scenarios that use both.
  const adapty = Layer.unwrapEffect(Effect.map(FakeAdaptyServer.url, (baseUrl) =>
    HttpAdapty.layer({ apiKey: Redacted.make(apiKey), baseUrl, retry: fastRetry }))).pipe(
      Layer.provide(transport),
      Layer.provideMerge(FakeServer)
    )
  ProfileServiceSuite.adaptySuite(`HttpAdapty over the fake server on ${name} conforms`, adapty)
}
