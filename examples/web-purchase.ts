/**
 * Syncs a subscription bought on the web into Adapty, as a Stripe webhook
 * handler would (examples/src/WebPurchaseSync.ts), on the in-memory Adapty:
 *
 *   pnpm exec tsx examples/web-purchase.ts
 *
 * Four deliveries of `invoice.paid`, each printed with the status the
 * webhook endpoint answers Stripe: a first payment from a buyer who has no
 * Adapty profile yet (created, recorded, premium granted and checked
 * active), the same event redelivered (the same transaction, not a second
 * one), a delivery while Adapty answers 503 (retryable: Stripe redelivers),
 * and a transaction id over Adapty's 50 characters (refused before
 * anything is sent, without quoting it).
 *
 * Nothing here calls Adapty: in production, provide
 * `HttpAdapty.layerConfig()` (with an `HttpClient`) instead of
 * `InMemoryAdapty.layer()`; the service is the same.
 */
import { ServerError } from "@effect-adapty/core"
import { InMemoryAdapty, InMemoryProfiles } from "@effect-adapty/testing"
import { NodeRuntime } from "@effect/platform-node"
import { Console, DateTime, Duration, Effect, Layer, Option } from "effect"
import { pathToFileURL } from "node:url"
import { handleInvoicePaid, type WebPayment, WebPurchaseSync } from "./src/WebPurchaseSync.js"

const Demo = WebPurchaseSync.layer({ accessLevelId: "premium", grant: "explicit" }).pipe(
  Layer.provideMerge(InMemoryAdapty.layer())
)

/** The demo's payment: a monthly subscription paid at `now`. */
export const demoPayment = (now: DateTime.Utc): WebPayment => ({
  customerUserId: "web-user-1",
  deviceId: "6f1c1f9e-3b1e-4c59-9a53-2f0c8f3b7d21",
  invoiceId: "in_1QdemoInvoice000000000001",
  subscriptionId: "sub_1QdemoSubscription0000001",
  priceId: "price_premium_monthly",
  amountPaid: 999,
  currency: "usd",
  country: "US",
  paidAt: now,
  subscribedAt: now,
  periodEnd: DateTime.add(now, { days: 30 })
})

const deliver = (label: string, event: WebPayment) =>
  Effect.flatMap(handleInvoicePaid(event), (response) => Console.log(`${label}: ${response.status} ${response.message}`))

export const main = Effect.gen(function*() {
  const now = yield* DateTime.now
  const store = yield* InMemoryProfiles
  const event = demoPayment(now)

  yield* deliver("first delivery", event)
  yield* deliver("redelivered", event)

  const profile = yield* store.get({ customerUserId: event.customerUserId })
  const subscriptions = Option.match(profile, { onNone: () => 0, onSome: (found) => found.subscriptions.length })
  yield* Console.log(`subscriptions on the profile: ${subscriptions}`)

  // The next invoice of the same subscription, while Adapty is down.
  const renewal: WebPayment = {
    ...event,
    invoiceId: "in_1QdemoInvoice000000000002",
    paidAt: DateTime.add(now, { days: 30 }),
    periodEnd: DateTime.add(now, { days: 60 })
  }
  yield* store.failNext(new ServerError({ status: 503, retryAfter: Duration.seconds(30) }), { operation: "setTransaction" })
  yield* deliver("renewal, Adapty down", renewal)
  yield* deliver("renewal, redelivered", renewal)

  const before = (yield* store.calls).length
  yield* deliver("an id too long", { ...renewal, invoiceId: `paypal-${"X".repeat(60)}` })
  yield* Console.log(`calls that reached Adapty for it: ${(yield* store.calls).length - before}`)
}).pipe(Effect.provide(Demo))

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main)
}
