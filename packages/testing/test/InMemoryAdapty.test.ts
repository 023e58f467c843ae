import { InMemoryAdapty } from "@effect-adapty/testing"
import * as ProfileServiceSuite from "@effect-adapty/testing/ProfileServiceSuite"

ProfileServiceSuite.adaptySuite("InMemoryAdapty conforms", InMemoryAdapty.layer())
