import * as ProfileServiceSuite from "@effect-adapty/testing/ProfileServiceSuite"
import { liveOverFake, transports } from "./utils.js"

for (const [name, transport] of transports) {
  ProfileServiceSuite.suite(`HttpProfileService over the fake server on ${name} conforms`, liveOverFake(transport))
}
