import { InMemoryProfileService } from "@effect-adapty/testing"
import * as ProfileServiceSuite from "@effect-adapty/testing/ProfileServiceSuite"

ProfileServiceSuite.suite("InMemoryProfileService conforms", InMemoryProfileService.layer())
