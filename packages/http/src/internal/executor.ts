/**
 * The one path to the wire for every declared operation: build the request,
 * run each attempt under its deadline, read and decode a bounded body, retry
 * by the operation's class, and give the typed error of the last attempt.
 *
 * @internal
 */
import {
  AdaptyWire,
  type Operation,
  type ProfileLookup,
  type TransportError,
  type UnexpectedResponse
} from "@effect-adapty/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import { withDeadline } from "./deadline.js"
import * as Response from "./response.js"
import * as RetryPolicy from "./retryPolicy.js"

/**
 * What a successful call returns, with what its span reports.
 *
 * @internal
 */
export interface Answer<A> {
  readonly value: A
  readonly status: number
  readonly attempts: number
  readonly requestId: string | undefined
}

/**
 * What the executor needs of the layer's options, already checked.
 *
 * @internal
 */
export interface Settings {
  readonly apiKey: string
  readonly baseUrl: string
  readonly policy: RetryPolicy.RetryPolicy
  readonly attemptSpans: boolean
  readonly propagateTraceContext: boolean
  readonly transformClient: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * Runs one operation for a valid lookup (`value` is its identifier) and,
 * when the operation sends one, its body in wire form.
 *
 * @internal
 */
export type Run<A, E> = (
  lookup: ProfileLookup,
  value: string,
  body: unknown
) => Effect.Effect<Answer<A>, E | UnexpectedResponse | TransportError>

/**
 * Prepares an operation once (its base request), for many calls.
 *
 * @internal
 */
export type Prepare = <I, A, E>(operation: Operation.Operation<I, A, E>) => Run<A, E>

// Every header value in the HttpClient's own span is redacted: the request's
// hold the key and the identifier, and a server or proxy may echo either in
// any response header, under any name.
const redactAllHeaders = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => [
  ...names,
  ...AdaptyWire.sensitiveHeaders,
  /./
]

/** @internal */
export const make = (settings: Settings): Effect.Effect<Prepare, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const httpClient = yield* HttpClient.HttpClient
    // fetch follows redirects by default: it would repeat the call, with the
    // identifier header, wherever a Location points. Other transports do not
    // follow them; a 3xx is an UnexpectedResponse on every one.
    const requestInit: globalThis.RequestInit = {
      ...Option.getOrUndefined(yield* Effect.serviceOption(FetchHttpClient.RequestInit)),
      redirect: "manual"
    }
    const { apiKey, attemptSpans, policy, transformClient } = settings
    // Adapty has no use for our trace context, and it would tell a third
    // party about the caller's internal spans: opt-in.
    const propagate = settings.propagateTraceContext
    // `withScope` lets the per-attempt deadline abort the request, also the
    // one that the caller's middleware (`mapRequest`…) made.
    const transformed = HttpClient.withScope(transformClient === undefined ? httpClient : transformClient(httpClient))
    // The call's own span carries what matters (status, attempts, request id);
    // the HttpClient's span per attempt costs as much again, so it is opt-in.
    const client = attemptSpans
      ? HttpClient.withTracerPropagation(transformed, propagate)
      : HttpClient.withTracerDisabledWhen(transformed, () => true)
    const timeoutMillis = Duration.toMillis(policy.timeout)
    // Middleware can wait where no request is in flight to abort: then each
    // attempt also runs under `Effect.timeout`.
    const fiberTimeout = transformClient !== undefined && Number.isFinite(timeoutMillis) &&
      timeoutMillis <= 2 ** 31 - 1
    // Each provided service costs a copy of the fiber's context (about as much
    // as the rest of an attempt): the scope and the RequestInit go in one.
    const provided = (scope: Scope.Scope) => (context: Context.Context<never>): Context.Context<Scope.Scope> =>
      Context.merge(context, Context.make(Scope.Scope, scope).pipe(Context.add(FetchHttpClient.RequestInit, requestInit)))

    return <I, A, E>(operation: Operation.Operation<I, A, E>): Run<A, E> => {
      const base = HttpClientRequest.make(operation.method)(`${settings.baseUrl}${operation.path}`).pipe(
        HttpClientRequest.setHeader(AdaptyWire.authorizationHeader, AdaptyWire.authorizationValue(apiKey))
      )
      const retryLog = `Adapty ${operation.name} attempt failed; retrying`

      const attempt = (
        request: HttpClientRequest.HttpClientRequest,
        value: string,
        body: unknown
      ): Effect.Effect<Response.Success<A>, Response.Failure> => {
        const deadlined = withDeadline(
          timeoutMillis,
          (scope) =>
            client.execute(request).pipe(
              Effect.mapInputContext(provided(scope)),
              Effect.matchEffect({
                onFailure: () => Effect.fail(Response.network),
                onSuccess: (response) => Response.fromResponse(operation, response, scope, apiKey, value, body)
              })
            ),
          Response.timeout
        )
        return fiberTimeout
          ? Effect.timeoutFail(deadlined, { duration: policy.timeout, onTimeout: () => Response.timeout })
          : deadlined
      }

      const run = (
        request: HttpClientRequest.HttpClientRequest,
        value: string,
        body: unknown,
        attempts: number
      ): Effect.Effect<Answer<A>, E | UnexpectedResponse | TransportError> =>
        Effect.matchEffect(attempt(request, value, body), {
          onSuccess: (success) =>
            Effect.succeed({ value: success.value, status: success.status, attempts, requestId: success.requestId }),
          onFailure: (failure) => {
            if (!Response.isRetryable(failure, operation.retry) || attempts > policy.times) {
              return Effect.fail(Response.toError(operation, failure, attempts))
            }
            return Effect.flatMap(
              RetryPolicy.delay(policy, attempts, failure._tag === "Status" ? failure.retryAfter : undefined),
              (wait) =>
                wait === undefined
                  ? Effect.fail(Response.toError(operation, failure, attempts))
                  : Effect.logDebug(retryLog).pipe(
                    Effect.annotateLogs({
                      reason: Response.describe(failure),
                      attempt: attempts,
                      delayMillis: Duration.toMillis(wait)
                    }),
                    Effect.zipRight(Effect.sleep(wait)),
                    Effect.zipRight(run(request, value, body, attempts + 1))
                  )
            )
          }
        })

      return (lookup, value, body) => {
        let request = HttpClientRequest.setHeader(
          base,
          lookup.customerUserId !== undefined ? AdaptyWire.customerUserIdHeader : AdaptyWire.profileIdHeader,
          value
        )
        if (body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, body)
        if (attemptSpans) {
          return Effect.locallyWith(run(request, value, body, 1), Headers.currentRedactedNames, redactAllHeaders)
        }
        if (propagate) {
          return Effect.flatMap(
            Effect.orElseSucceed(Effect.map(Effect.currentSpan, HttpTraceContext.toHeaders), () => Headers.empty),
            (headers) => run(HttpClientRequest.setHeaders(request, headers), value, body, 1)
          )
        }
        return run(request, value, body, 1)
      }
    }
  })
