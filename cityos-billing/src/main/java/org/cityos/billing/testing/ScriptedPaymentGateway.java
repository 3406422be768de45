package org.cityos.billing.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.cityos.billing.payment.ChargeRequest;
import org.cityos.billing.payment.ChargeResult;
import org.cityos.billing.payment.PaymentGateway;

/**
 * For tests (the host's and the library's own): a {@link PaymentGateway} whose answers are
 * scripted call by call ({@link #then}), succeeding when nothing is scripted. Like a real gateway
 * it remembers idempotency keys: a repeated key gets the first answer again and charges nothing,
 * so {@link #charges()} counts money taken and {@link #calls()} every request. Thread-safe.
 */
public final class ScriptedPaymentGateway implements PaymentGateway {
    private final Deque<ChargeResult> script = new ArrayDeque<>();
    private final List<ChargeRequest> calls = new ArrayList<>();
    private final List<ChargeRequest> charges = new ArrayList<>();
    private final Map<String, ChargeResult> byKey = new HashMap<>();
    private final AtomicLong refs = new AtomicLong();

    /** Scripts the answers of the next new (not replayed) requests, in order. */
    public synchronized ScriptedPaymentGateway then(ChargeResult... results) {
        script.addAll(List.of(results));
        return this;
    }

    /** Scripts {@code n} card declines. */
    public ScriptedPaymentGateway thenDecline(int n) {
        for (int i = 0; i < n; i++) {
            then(decline());
        }
        return this;
    }

    /** A card decline as Stripe reports one. */
    public static ChargeResult decline() {
        return new ChargeResult.Declined("card_declined", "Your card was declined.", Optional.empty());
    }

    @Override
    public synchronized ChargeResult charge(ChargeRequest request) {
        calls.add(request);
        ChargeResult first = byKey.get(request.idempotencyKey());
        if (first != null) {
            return first;
        }
        ChargeResult r = script.isEmpty() ? new ChargeResult.Succeeded("pay_" + refs.incrementAndGet()) : script.poll();
        if (r instanceof ChargeResult.Succeeded) {
            charges.add(request);
        }
        if (!(r instanceof ChargeResult.Retryable)) {
            byKey.put(request.idempotencyKey(), r);
        }
        return r;
    }

    /** Every request received, replays included, in order. */
    public synchronized List<ChargeRequest> calls() {
        return List.copyOf(calls);
    }

    /** The requests that took money (first successes of their key), in order. */
    public synchronized List<ChargeRequest> charges() {
        return List.copyOf(charges);
    }

    /** Answers not yet used. */
    public synchronized int scriptedLeft() {
        return script.size();
    }
}
